import { GoOutput } from '../src/go-output';

describe("go build's output on the console", () => {
  const build = () => {
    const shown: string[] = [];
    const kept: string[] = [];
    const out = new GoOutput(
      'daprd',
      (l) => shown.push(l),
      '/tools/logs/setup.log',
      (l) => kept.push(l),
    );
    return { out, shown, kept };
  };

  it('when go downloads hundreds of modules, then the console gets one line naming the log file, and the count, while the file gets every line', () => {
    const { out, shown, kept } = build();
    for (let i = 0; i < 300; i++) out.line(`go: downloading example.com/mod${i} v1.0.${i}`);
    out.done();
    expect(shown).toEqual([
      '  daprd: downloading modules (every line in /tools/logs/setup.log)',
      '  daprd: 300 modules downloaded',
    ]);
    expect(kept).toHaveLength(300);
  });

  it('when go compiles packages, then they are counted in the progress line rather than echoed', () => {
    const { out, shown } = build();
    out.line('go: downloading example.com/a v1.0.0');
    out.line('github.com/dapr/dapr/pkg/runtime');
    out.line('github.com/dapr/dapr/cmd/daprd');
    out.heartbeat();
    expect(shown.at(-1)).toMatch(
      /^ {2}still building daprd… \d+ s \(1 modules downloaded, 2 packages compiled, last github.com\/dapr\/dapr\/cmd\/daprd\)$/,
    );
  });

  it('when go reports an error, then it is shown with the tool name', () => {
    const { out, shown } = build();
    out.line('# github.com/dapr/dapr/pkg/runtime');
    out.line('pkg/runtime/runtime.go:12:2: undefined: foo');
    expect(shown).toEqual([
      '  daprd │ # github.com/dapr/dapr/pkg/runtime',
      '  daprd │ pkg/runtime/runtime.go:12:2: undefined: foo',
    ]);
  });
});
