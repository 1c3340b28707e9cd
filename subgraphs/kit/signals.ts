/**
 * How every main stops: on SIGINT or SIGTERM, `stop` once, then exit 0 (1 if it failed). The
 * listeners stay for the whole stop: Apollo Server's own handler stops its server and then sends
 * the signal again, and a terminal's Ctrl-C may be followed by `npm start`'s SIGTERM; with no
 * listener left, that second signal killed the process half-way (its database not yet closed).
 */
export function stopOnSignals(stop: () => Promise<unknown>): void {
  let stopping: Promise<void> | null = null;
  const onSignal = () => {
    stopping ??= stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
