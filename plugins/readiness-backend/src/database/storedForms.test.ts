import { decodeEvidence, encodeEvidence } from './evidenceCodec';
import { decodeValue, dictionaryIdOf, encodeValue } from './valueCodec';

const HASH = 'ab'.repeat(32);

describe('stored evidence', () => {
  it('writes a line per fact with the hash in base64url, and reads it back', () => {
    const evidence = [
      { fact: 'catalog.ownership', valueHash: HASH },
      { fact: 'example.missing' },
    ];
    const stored = encodeEvidence(evidence);
    expect(stored).toBe(
      `catalog.ownership ${Buffer.from(HASH, 'hex').toString(
        'base64url',
      )}\nexample.missing`,
    );
    expect(decodeEvidence(stored)).toEqual(evidence);
    expect(decodeEvidence(encodeEvidence([]))).toEqual([]);
  });

  it('keeps as JSON what the line form cannot say, and reads older JSON rows', () => {
    for (const evidence of [
      [{ fact: 'a b', valueHash: HASH }],
      [{ fact: '[odd' }],
      [{ fact: 'example.replicas', valueHash: 'not-a-sha256' }],
      [{ fact: 'example.replicas', missing: true }],
    ]) {
      const stored = encodeEvidence(evidence);
      expect(stored).toBe(JSON.stringify(evidence));
      expect(decodeEvidence(stored)).toEqual(evidence);
    }
  });
});

describe('stored fact values', () => {
  it('compresses a value when that makes it smaller, and keeps small ones as text', () => {
    const large = JSON.stringify({
      links: Array.from({ length: 6 }, (_, i) => ({
        title: 'Runbook',
        url: `https://runbooks.example.com/svc-${i}`,
      })),
    });
    const packed = encodeValue(large);
    expect(packed.value).toBeNull();
    expect(packed.packed!.length).toBeLessThan(large.length / 2);
    expect(decodeValue(packed)).toBe(large);

    expect(encodeValue('{"replicas":2}')).toEqual({
      value: '{"replicas":2}',
      packed: null,
    });
    expect(decodeValue({ value: 'true', packed: null })).toBe('true');
  });

  it('compresses with the dictionary of the fact name, named in the stored bytes', () => {
    const value = (i: number) =>
      JSON.stringify({
        dashboard: false,
        links: [
          {
            title: 'Runbook',
            type: 'runbook',
            url: `https://rb.example.com/svc-${i}`,
          },
          {
            title: 'On-call',
            type: 'on-call',
            url: `https://oc.example.com/svc-${i}`,
          },
        ],
      });
    const dictionary = { id: 300, bytes: Buffer.from(value(1)) };
    const alone = encodeValue(value(2));
    const withDictionary = encodeValue(value(2), dictionary);
    expect(dictionaryIdOf(withDictionary)).toBe(300);
    expect(dictionaryIdOf(alone)).toBe(0);
    expect(withDictionary.packed!.length).toBeLessThan(
      alone.packed!.length / 2,
    );
    expect(
      decodeValue(withDictionary, id => {
        expect(id).toBe(300);
        return dictionary.bytes;
      }),
    ).toBe(value(2));
    expect(() => decodeValue(withDictionary)).toThrow(/dictionary 300/);
  });
});
