/** Something that can be marked as returned by the broker. */
export interface Returnable {
  returnedBecause?: string;
}

/**
 * Mandatory publishes in flight by message id, so a basic.return (which names only the message,
 * and precedes its confirm) can be matched to its publish. Usually one entry per id.
 */
export class ReturnRegistry<T extends Returnable> {
  private readonly byId = new Map<string, T | T[]>();

  add(id: string, item: T): void {
    const existing = this.byId.get(id);
    if (existing === undefined) this.byId.set(id, item);
    else if (Array.isArray(existing)) existing.push(item);
    else this.byId.set(id, [existing, item]);
  }

  remove(id: string, item: T): void {
    const existing = this.byId.get(id);
    if (existing === item) this.byId.delete(id);
    else if (Array.isArray(existing)) {
      const rest = existing.filter((candidate) => candidate !== item);
      if (rest.length === 0) this.byId.delete(id);
      else this.byId.set(id, rest.length === 1 ? rest[0] : rest);
    }
  }

  /** The oldest publish with this id not yet marked returned. */
  firstUnreturned(id: string): T | undefined {
    const existing = this.byId.get(id);
    if (existing === undefined) return undefined;
    const list = Array.isArray(existing) ? existing : [existing];
    return list.find((item) => item.returnedBecause === undefined);
  }

  get size(): number {
    return this.byId.size;
  }
}
