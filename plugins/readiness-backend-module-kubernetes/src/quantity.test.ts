import { goDurationHours, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['2', 2],
    ['1500m', 1.5],
    ['3.5', 3.5],
    ['16318992Ki', 16318992 * 1024],
    ['8Gi', 8 * 2 ** 30],
    ['7999M', 7.999e9],
    ['8e9', 8e9],
    ['128974848', 128974848],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 6);
  });

  it.each(['', 'two', '8GiB', '1.2.3', '5Xi', null, undefined, {}])(
    'refuses %j',
    text => {
      expect(parseQuantity(text)).toBeNull();
    },
  );
});

describe('goDurationHours', () => {
  it.each([
    ['720h0m0s', 720],
    ['36h30m', 36.5],
    ['90m', 1.5],
    ['168h', 168],
  ])('reads %s', (text, hours) => {
    expect(goDurationHours(text)).toBeCloseTo(hours, 6);
  });

  it.each(['', '30d', '720', 'h', 720])('refuses %j', text => {
    expect(goDurationHours(text)).toBeNull();
  });
});
