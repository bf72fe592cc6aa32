import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, tail } from './exec';
import { buildMailpitUi } from './mailpit-ui';
import { probeModule } from './go';
import type { Logger } from './log';
import { versionOf, type ComponentsFlavor, type ToolName } from './paths';

/** A Go module whose source is copied to `<toolsDir>/src/<name>-<version>` and built there. */
export interface GoSource {
  name: string;
  module: string;
  version: string;
  /** Extra environment for `go build` in this source. */
  env: NodeJS.ProcessEnv;
  /** Edits the writable copy before the first build. */
  prepare?: (ctx: PrepareContext) => Promise<void>;
}

export interface PrepareContext {
  dir: string;
  /** Git commit of the module version, when the proxy reports it. */
  commit?: string;
  /** A directory outside any Go module, for `go mod` probes. */
  probeCwd: string;
  log: Logger;
}

export interface GoRecipe {
  source: GoSource;
  pkg: string;
  /** Build-tag sets to try in order; the first that builds wins and is the daprd flavor. */
  tags?: ComponentsFlavor[];
  ldflags?: string;
  /**
   * Raised when the recipe changes what a built binary holds at the same version (Mailpit: 1
   * embeds its web UI); a cached binary built by an older revision is built again.
   */
  revision?: number;
}

// The Go proxy on some networks refuses a few of Dapr 1.18.3's dependencies with
// `403 Forbidden ... This module version is not available`. These are the ones seen, and the
// least invasive way around each. Both are probed first, so a full proxy builds stock Dapr.
const DURABLETASK = 'github.com/dapr/durabletask-go';
const DURABLETASK_WANTED = 'v0.12.4';
// Nearest older version the proxy serves; Dapr 1.18.3 compiles against it.
const DURABLETASK_FALLBACK = 'v0.12.1';
// Needed only by the Pulsar pub/sub component, which this project does not use.
const PULSAR_DEPS = [
  'github.com/iskorotkov/avro/v2@v2.33.1',
  'github.com/twmb/pulsar-client-go@v0.20.1-0.20260624144353-90eefc81f70a',
];
const PULSAR_FILES = [
  'cmd/daprd/components/pubsub_pulsar.go',
  'cmd/daprd/components/pubsub_pulsar_test.go',
];

export async function prepareDapr({ dir, probeCwd, log }: PrepareContext): Promise<void> {
  const durabletask = await probeModule(`${DURABLETASK}@${DURABLETASK_WANTED}`, probeCwd);
  if (!durabletask.ok) {
    log(
      `  workaround: ${DURABLETASK}@${DURABLETASK_WANTED} is not available (${durabletask.error}); ` +
        `building with ${DURABLETASK}@${DURABLETASK_FALLBACK} instead (go mod edit -replace in the build copy)`,
    );
    const replace = `-replace=${DURABLETASK}=${DURABLETASK}@${DURABLETASK_FALLBACK}`;
    const edit = await run('go', ['mod', 'edit', replace], { cwd: dir });
    if (edit.code !== 0) throw new Error(`go mod edit failed: ${tail(edit.stderr, 2)}`);
  }
  for (const dep of PULSAR_DEPS) {
    const probe = await probeModule(dep, probeCwd);
    if (probe.ok) continue;
    log(
      `  workaround: ${dep} is not available (${probe.error}); ` +
        `dropping the Pulsar pub/sub component (deleting ${PULSAR_FILES.join(', ')} in the build copy)`,
    );
    for (const file of PULSAR_FILES) rmSync(path.join(dir, file), { force: true });
    break;
  }
}

/**
 * FerretDB embeds build/version/version.txt, which its release tooling generates from git and the
 * module zip lacks; without it the binary panics at start ("Invalid build/version/version.txt").
 */
async function prepareFerretdb({ dir, commit, log }: PrepareContext): Promise<void> {
  const versionDir = path.join(dir, 'build', 'version');
  writeFileSync(path.join(versionDir, 'version.txt'), `v${versionOf('ferretdb')}\n`);
  if (commit) writeFileSync(path.join(versionDir, 'commit.txt'), `${commit}\n`);
  log(`  wrote build/version/version.txt (v${versionOf('ferretdb')}), which the module zip lacks`);
}

/**
 * Mailpit embeds its web UI from server/ui/dist, which its release tooling builds with npm and
 * esbuild and the module zip lacks (see mailpit-ui.ts). Without npm and its registry the binary
 * still works (SMTP and the API); only its pages load without scripts.
 */
async function prepareMailpit({ dir, log }: PrepareContext): Promise<void> {
  const missing = await buildMailpitUi(dir, log);
  if (missing) log(`  ! Mailpit's UI was not built (${missing}); its SMTP server and API work`);
}

const STATIC = { CGO_ENABLED: '0' };

/** The user's GOFLAGS (e.g. -buildvcs=false) plus one more. */
function withGoFlag(flag: string): string {
  return `${process.env.GOFLAGS ?? ''} ${flag}`.trim();
}

const DAPR: GoSource = {
  name: 'dapr',
  module: 'github.com/dapr/dapr',
  version: versionOf('daprd'),
  // -mod=mod and no sumdb: the durabletask replace adds go.sum entries the copy lacks.
  env: {
    ...STATIC,
    GOFLAGS: withGoFlag('-mod=mod'),
    GOSUMDB: 'off',
  },
  prepare: prepareDapr,
};
const FERRETDB: GoSource = {
  name: 'ferretdb',
  module: 'github.com/FerretDB/FerretDB',
  version: versionOf('ferretdb'),
  env: STATIC,
  prepare: prepareFerretdb,
};
const NATS: GoSource = {
  name: 'nats-server',
  module: 'github.com/nats-io/nats-server/v2',
  version: versionOf('nats-server'),
  env: STATIC,
};
const STRIPE_MOCK: GoSource = {
  name: 'stripe-mock',
  module: 'github.com/stripe/stripe-mock',
  version: versionOf('stripe-mock'),
  // Module zips keep only vendor/modules.txt, so Go's default -mod=vendor finds no packages.
  env: { ...STATIC, GOFLAGS: withGoFlag('-mod=mod') },
};

// The OTel-collector-based Jaeger (v2 line). Its UI is a separate npm build that the module
// lacks; without it the binary serves a placeholder page, while the query API and OTLP work.
const JAEGER: GoSource = {
  name: 'jaeger',
  module: 'github.com/jaegertracing/jaeger',
  version: versionOf('jaeger'),
  env: STATIC,
};
const MAILPIT: GoSource = {
  name: 'mailpit',
  module: 'github.com/axllent/mailpit',
  version: versionOf('mailpit'),
  env: STATIC,
  prepare: prepareMailpit,
};

// Same variables Dapr's Makefile sets, so `--version` and the logs report the real version.
export const daprLdflags =
  `-X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR.version} ` +
  `-X github.com/dapr/kit/logger.DaprVersion=${DAPR.version}`;

export const GO_RECIPES: Record<ToolName, GoRecipe> = {
  daprd: {
    source: DAPR,
    pkg: './cmd/daprd',
    tags: ['allcomponents', 'stablecomponents'],
    ldflags: daprLdflags,
  },
  placement: { source: DAPR, pkg: './cmd/placement', ldflags: daprLdflags },
  scheduler: { source: DAPR, pkg: './cmd/scheduler', ldflags: daprLdflags },
  sentry: { source: DAPR, pkg: './cmd/sentry', ldflags: daprLdflags },
  ferretdb: { source: FERRETDB, pkg: './cmd/ferretdb' },
  'nats-server': { source: NATS, pkg: '.' },
  // GoReleaser sets main.version for releases; a plain build would report "master".
  'stripe-mock': {
    source: STRIPE_MOCK,
    pkg: '.',
    ldflags: `-X main.version=${STRIPE_MOCK.version}`,
  },
  // Jaeger's Makefile sets these from git; the module zip has no git.
  jaeger: {
    source: JAEGER,
    pkg: './cmd/jaeger',
    ldflags: `-X github.com/jaegertracing/jaeger/internal/version.latestVersion=v${JAEGER.version}`,
  },
  mailpit: {
    source: MAILPIT,
    pkg: '.',
    ldflags: `-X github.com/axllent/mailpit/config.Version=v${MAILPIT.version}`,
    revision: 1,
  },
};
