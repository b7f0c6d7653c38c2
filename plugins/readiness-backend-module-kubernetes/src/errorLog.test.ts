import { ErrorLog } from './errorLog';

describe('ErrorLog', () => {
  it('merges errors by target and message, masking configured tokens', () => {
    const log = new ErrorLog(['sekret-token']);
    log.add(
      'cluster a',
      'HTTP 401: token sekret-token rejected',
      'component:default/x',
    );
    log.add(
      'cluster a',
      'HTTP 401: token sekret-token rejected',
      'component:default/y',
    );
    log.add('cluster b', 'ECONNREFUSED');
    expect(log.list()).toEqual([
      {
        target: 'cluster a',
        message: 'HTTP 401: token *** rejected',
        entityRefs: ['component:default/x', 'component:default/y'],
      },
      { target: 'cluster b', message: 'ECONNREFUSED' },
    ]);
  });
});
