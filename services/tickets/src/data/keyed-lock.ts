/**
 * Runs async work one at a time per key, inside this process.
 *
 * Common's write-lock plugin (decision 004) makes each single update atomic on FerretDB, which
 * is what keeps the version-conditional writes correct. A change is a read, a decision and that
 * write, though; without this lock, changes of one ticket racing in this process would re-read
 * and retry each other into 409s. common's `withDocumentLock` cannot serve here: an update of
 * the same document inside it waits for the lock it already holds.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      // The last one out removes the key, so the map holds only tickets being changed now.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
