/** The actor type daprd routes reminders to; the SDK takes it from the actor class's name. */
export const ACTOR_TYPE = 'OrderExpiration';
export const REMINDER_NAME = 'expire';
