/**
 * Container images for the single-node cluster. No registry is reachable here, so every image
 * a pod names is made on this machine from the real software, under the public name, and
 * imported into the cluster's containerd:
 *
 * - one-layer images written directly as docker-archives (static binaries, their files and an
 *   image config): the pause sandbox, Dapr's six control-plane and sidecar images, CoreDNS, and
 *   the dev overlay's stand-ins (NATS, FerretDB as MongoDB, Redis, stripe-mock);
 * - the apps' images from the repo's Dockerfile, as `docker compose build` makes them, through
 *   `docker save`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ImageFile {
  /** A file on this machine; without it, `to` is made as an empty directory. */
  from?: string;
  to: string;
  mode?: number;
}

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  user: string;
  workdir?: string;
  env?: string[];
}

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/**
 * A one-layer image as a docker-archive for `ctr images import`: the given files in an
 * otherwise empty root filesystem, owned by root.
 */
export function imageArchive(
  dir: string,
  tag: string,
  files: ImageFile[],
  config: ImageConfig,
): string {
  const work = path.join(dir, 'images', tag.replace(/[/:]/g, '_'));
  const root = path.join(work, 'rootfs');
  mkdirSync(root, { recursive: true });
  for (const { from, to, mode } of files) {
    const target = path.join(root, to);
    if (from) {
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(from, target);
      chmodSync(target, mode ?? 0o755);
    } else {
      mkdirSync(target, { recursive: true });
      chmodSync(target, mode ?? 0o755);
    }
  }
  const layer = path.join(work, 'layer.tar');
  sh('tar', ['-C', root, '--owner=0', '--group=0', '-cf', layer, '.']);
  const diffId = `sha256:${createHash('sha256').update(readFileSync(layer)).digest('hex')}`;
  const imageConfig = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {
      Entrypoint: config.entrypoint,
      Cmd: config.cmd,
      User: config.user,
      WorkingDir: config.workdir ?? '/',
      Env: [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ...(config.env ?? []),
      ],
    },
    rootfs: { type: 'layers', diff_ids: [diffId] },
  });
  const configName = `${createHash('sha256').update(imageConfig).digest('hex')}.json`;
  writeFileSync(path.join(work, configName), imageConfig);
  writeFileSync(
    path.join(work, 'manifest.json'),
    JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: ['layer.tar'] }]),
  );
  const archive = `${work}.tar`;
  sh('tar', ['-C', work, '-cf', archive, 'manifest.json', configName, 'layer.tar']);
  return archive;
}

/** The sandbox ("pause") image: kubernetes' own pause.c from the module, compiled static. */
export function pauseImage(dir: string, tag: string, k8sModuleDir: string): string {
  const pause = path.join(dir, 'pause');
  sh('gcc', [
    '-Os',
    '-static',
    '-o',
    pause,
    path.join(k8sModuleDir, 'build', 'pause', 'linux', 'pause.c'),
  ]);
  return imageArchive(dir, tag, [{ from: pause, to: 'pause' }], {
    entrypoint: ['/pause'],
    user: '65535:65535',
  });
}

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** distroless/static's non-root user, which Dapr's images run as. */
const NONROOT = '65532:65532';

/**
 * Dapr's images as the chart names them (`<registry>/<name>:<tag>`): each a static binary at
 * `/<name>` (the chart's `command`), CA certificates, a sticky world-writable /tmp and the
 * non-root user, the layout of the official distroless-based images.
 */
export function daprImage(
  dir: string,
  registry: string,
  version: string,
  name: string,
  bin: string,
) {
  return imageArchive(
    dir,
    `${registry}/${name}:${version}`,
    [
      { from: bin, to: name },
      { from: CA_BUNDLE, to: 'etc/ssl/certs/ca-certificates.crt', mode: 0o644 },
      { to: 'tmp', mode: 0o1777 },
    ],
    { entrypoint: [`/${name}`], user: NONROOT },
  );
}

/** A dynamically linked program and every shared library `ldd` says it loads. */
export function withLibraries(bin: string, to: string): ImageFile[] {
  const libs = sh('ldd', [bin])
    .split('\n')
    .map((l) => /(\/\S+) \(0x/.exec(l)?.[1])
    .filter((l): l is string => Boolean(l));
  return [{ from: bin, to }, ...libs.map((lib) => ({ from: lib, to: lib.slice(1), mode: 0o755 }))];
}

/** Tags present in the docker engine's image store. */
export function dockerHas(tag: string): boolean {
  return spawnSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' }).status === 0;
}
