import type { ServiceDeps } from '@ticketing/common';

/** tickets' use cases need only what every service gets: its clock, logger and outbox kick. */
export type TicketsDeps = ServiceDeps;
