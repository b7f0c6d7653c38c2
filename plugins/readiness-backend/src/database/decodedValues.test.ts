import { DecodedValues, StoredValueRow } from './decodedValues';
import { ValueDictionaries } from './valueDictionaries';

const row = (hash: string, value: unknown): StoredValueRow => ({
  value_hash: hash,
  value: JSON.stringify(value),
  packed: null,
});

describe('DecodedValues', () => {
  // Unpacked values need no dictionary, hence no database.
  const dictionaries = new ValueDictionaries(undefined as any);

  it('reads each value once, and shares it frozen', async () => {
    const values = new DecodedValues(dictionaries);
    const reads: string[][] = [];
    const read = async (missing: string[]) => {
      reads.push(missing);
      return missing.map(h => row(h, { hash: h, list: [1, 2] }));
    };
    const first = await values.byHash(['a', 'b', 'a'], read);
    const second = await values.byHash(['b', 'c'], read);
    expect(reads).toEqual([['a', 'b'], ['c']]);
    expect(second.get('b')).toBe(first.get('b'));
    const b = second.get('b') as { list: number[] };
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.isFrozen(b.list)).toBe(true);
  });

  it('leaves out hashes no stored value has', async () => {
    const values = new DecodedValues(dictionaries);
    const found = await values.byHash(['a', 'gone'], async () => [row('a', 1)]);
    expect([...found]).toEqual([['a', 1]]);
  });

  it('keeps no more text than its bound', async () => {
    // Each value is 10 characters of JSON; room for two.
    const values = new DecodedValues(dictionaries, 20);
    const reads: string[][] = [];
    const read = async (missing: string[]) => {
      reads.push(missing);
      return missing.map(h => row(h, `${h}-value`.padEnd(8, '.')));
    };
    await values.byHash(['a', 'b', 'c'], read);
    await values.byHash(['a', 'c'], read);
    expect(reads).toEqual([['a', 'b', 'c'], ['a']]);
  });
});
