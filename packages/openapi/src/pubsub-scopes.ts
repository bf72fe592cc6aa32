import { TOPIC_APPS, TOPICS, type Topic } from '@ticketing/contracts';

/**
 * What the `pubsub` component's topic metadata must say for the apps it is scoped to, derived
 * from TOPIC_APPS: each app may publish only the topics it owns (and `any`-publisher topics,
 * the system ping) and subscribe only to those it consumes; an app with none gets `app=`,
 * which Dapr reads as "nothing". Every known topic is both allowed (an unknown topic is
 * refused) and protected (an app missing from the scopes may touch none).
 */
export interface PubsubScopes {
  publishingScopes: string;
  subscriptionScopes: string;
  allowedTopics: string;
  protectedTopics: string;
}

/** The publisher that stands for "every app may publish this". */
const ANY = 'any';

export function topicsPublishedBy(app: string): Topic[] {
  return TOPICS.filter((t) => [app, ANY].includes(TOPIC_APPS[t].publisher));
}

export function topicsSubscribedBy(app: string): Topic[] {
  return TOPICS.filter((t) => TOPIC_APPS[t].subscribers.includes(app));
}

/** `app=t1,t2;app2=;...`, in the order of `apps`. */
function scopeList(apps: string[], topicsOf: (app: string) => Topic[]): string {
  return apps.map((app) => `${app}=${topicsOf(app).join(',')}`).join(';');
}

export function pubsubScopes(apps: string[]): PubsubScopes {
  const all = TOPICS.join(',');
  return {
    publishingScopes: scopeList(apps, topicsPublishedBy),
    subscriptionScopes: scopeList(apps, topicsSubscribedBy),
    allowedTopics: all,
    protectedTopics: all,
  };
}

/** Every app id TOPIC_APPS names as a publisher or a subscriber. */
export function topicApps(): string[] {
  const apps = new Set<string>();
  for (const t of TOPICS) {
    if (TOPIC_APPS[t].publisher !== ANY) apps.add(TOPIC_APPS[t].publisher);
    TOPIC_APPS[t].subscribers.forEach((a) => apps.add(a));
  }
  return [...apps];
}

/** A Dapr Component as parsed from YAML: the parts the scopes live in. */
export interface PubsubComponent {
  spec: { metadata: { name: string; value?: unknown }[] };
  scopes?: string[];
}

/**
 * How a pubsub component's topic scopes differ from what TOPIC_APPS says for the apps it is
 * scoped to (whitespace aside, which Dapr ignores); empty when they agree.
 */
export function pubsubScopeProblems(component: PubsubComponent): string[] {
  const apps = component.scopes ?? [];
  const want = pubsubScopes(apps);
  const problems: string[] = [];
  for (const [name, value] of Object.entries(want)) {
    const entry = component.spec.metadata.find((m) => m.name === name);
    const got = typeof entry?.value === 'string' ? entry.value.replace(/\s+/g, '') : undefined;
    if (got === undefined) problems.push(`${name} is missing (want "${value}")`);
    else if (got !== value) problems.push(`${name} is "${got}", TOPIC_APPS says "${value}"`);
  }
  return problems;
}
