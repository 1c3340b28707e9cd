/** The demo's calendar arithmetic: the registries' own, through this one module. */
export { addDays, addMonths, daysBetween, type CalendarDate } from '../../subgraphs/kit/dates';
