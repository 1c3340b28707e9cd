/**
 * How every main stops: on SIGINT or SIGTERM, `stop` once, then exit 0 (1 if it failed).
 *
 * The main takes the two signals over: Apollo Server registers its own handlers when it starts
 * (stopOnTerminationSignals), which stop the server alongside the main's stop and then send the
 * signal again. With both, the main's stop hung (its HTTP server never closed), or, with no
 * listener left for the second signal, the process was killed before its database was closed.
 * The listeners stay for the whole stop, so a second signal (a terminal's Ctrl-C, then
 * `npm start`'s SIGTERM) changes nothing.
 */
export function stopOnSignals(stop: () => Promise<unknown>): void {
  let stopping: Promise<void> | null = null;
  const onSignal = () => {
    stopping ??= stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}
