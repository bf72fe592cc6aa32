/** One mail to one person. `html` is the whole body: callers escape what they put in it. */
export interface Mail {
  to: string;
  subject: string;
  html: string;
}

/** Sends mail; resolves once the mail server accepted it. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML (titles and emails come from users). */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
