import { escapeHtml, type Mail } from './mailer';

const page = (lines: string[]) =>
  `<!doctype html><html><body style="font-family:sans-serif">${lines.join('')}</body></html>`;

export function resetMail(to: string, link: string, minutes: number): Mail {
  const href = escapeHtml(link);
  return {
    to,
    subject: 'Reset your Ticketing password',
    html: page([
      '<p>Someone (hopefully you) asked to reset the password of your Ticketing account.</p>',
      `<p><a href="${href}">Set a new password</a></p>`,
      `<p>The link works once, within ${minutes} minutes. Using it signs you out everywhere.</p>`,
      `<p>If it was not you, ignore this mail: your password stays as it is.</p>`,
      `<p style="color:#666">${href}</p>`,
    ]),
  };
}

export interface OrderSummary {
  orderId: string;
  title: string;
  price: number;
  currency: string;
}

/** Integer minor units as money, e.g. 2500 usd -> $25.00, 500 jpy -> ¥500. */
export function formatMoney(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en', {
      style: 'currency',
      currency: currency.toUpperCase(),
    });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

export function receiptMail(to: string, order: OrderSummary, paymentId: string): Mail {
  return {
    to,
    subject: `Your receipt: ${order.title}`,
    html: page([
      `<p>Thank you: your ticket for <strong>${escapeHtml(order.title)}</strong> is yours.</p>`,
      `<p>Paid: ${escapeHtml(formatMoney(order.price, order.currency))}</p>`,
      `<p>Order ${escapeHtml(order.orderId)}, payment ${escapeHtml(paymentId)}</p>`,
    ]),
  };
}

export function lapsedMail(to: string, order: OrderSummary): Mail {
  return {
    to,
    subject: `Your reservation lapsed: ${order.title}`,
    html: page([
      `<p>Your reservation for <strong>${escapeHtml(order.title)}</strong> ran out before it was paid, `,
      'so the ticket is back on sale.</p>',
      `<p>Order ${escapeHtml(order.orderId)}</p>`,
    ]),
  };
}
