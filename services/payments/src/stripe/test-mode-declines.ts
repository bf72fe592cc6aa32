/**
 * Stripe's test mode declines these PaymentMethods with these messages; stripe-mock (used when
 * there is no STRIPE_SECRET_KEY) validates requests but never declines. Against stripe-mock the
 * gateway applies this table, so the decline journey works offline exactly as in test mode.
 * With a real key Stripe itself declines and this table is not used.
 */
const DECLINES: Record<string, string> = {
  pm_card_chargeDeclined: 'Your card was declined.',
  pm_card_visa_chargeDeclined: 'Your card was declined.',
  pm_card_chargeDeclinedInsufficientFunds: 'Your card has insufficient funds.',
  pm_card_chargeDeclinedFraudulent: 'Your card was declined.',
  pm_card_chargeDeclinedExpiredCard: 'Your card has expired.',
  pm_card_chargeDeclinedIncorrectCvc: "Your card's security code is incorrect.",
  pm_card_chargeDeclinedProcessingError:
    'An error occurred while processing your card. Try again in a little bit.',
};

export function testModeDecline(paymentMethod: string): string | undefined {
  return DECLINES[paymentMethod];
}
