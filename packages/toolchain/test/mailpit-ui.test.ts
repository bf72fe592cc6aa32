import { pinPackage, unservedPackage } from '../src/mailpit-ui';

describe("Mailpit's UI build, when the registry lacks a locked version", () => {
  it("when npm answers 404 for a locked tarball, then the package's name and version are read from it, scoped or not", () => {
    const plain = [
      'npm error code E404',
      "npm error 404  The requested resource 'rapidoc@https://registry.test/rapidoc/-/rapidoc-12.1.0.tgz' could not be found or you do not have permission to access it.",
    ].join('\n');
    expect(unservedPackage(plain)).toEqual({ name: 'rapidoc', locked: '12.1.0' });
    const scoped =
      "npm error 404  The requested resource '@vue/compiler-sfc@https://registry.test/@vue/compiler-sfc/-/compiler-sfc-3.9.0-beta.1.tgz' could not be found";
    expect(unservedPackage(scoped)).toEqual({ name: '@vue/compiler-sfc', locked: '3.9.0-beta.1' });
  });

  it('when npm fails for another reason, then no package is blamed', () => {
    expect(unservedPackage('npm error code ECONNRESET\nnpm error network aborted')).toBe(undefined);
  });

  it('when the package is a direct dependency, then its own entry is pinned; otherwise an override is added', () => {
    const pkg = {
      dependencies: { rapidoc: '^12.0.0', vue: '^3.2.13' },
      devDependencies: { esbuild: '^0.28.0' },
      overrides: { minimatch: '^11.0.1' },
    };
    expect(pinPackage(pkg, 'rapidoc', '9.3.8')).toEqual({
      ...pkg,
      dependencies: { rapidoc: '9.3.8', vue: '^3.2.13' },
    });
    expect(pinPackage(pkg, 'esbuild', '0.27.3').devDependencies).toEqual({ esbuild: '0.27.3' });
    expect(pinPackage(pkg, 'colorjs.io', '0.5.2')).toEqual({
      ...pkg,
      overrides: { minimatch: '^11.0.1', 'colorjs.io': '0.5.2' },
    });
    expect(pkg.dependencies.rapidoc).toBe('^12.0.0');
  });
});
