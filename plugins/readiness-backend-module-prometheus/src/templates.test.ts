import {
  DEFAULT_TEMPLATES,
  expandTemplate,
  podsExpression,
  validateTemplate,
} from './templates';

describe('query templates', () => {
  it('ships built-in templates that validate', () => {
    for (const template of DEFAULT_TEMPLATES) {
      expect([template.id, validateTemplate(template)]).toEqual([
        template.id,
        [],
      ]);
    }
  });

  it('expands the mapping label, the window and the pod mapping', () => {
    const restarts = DEFAULT_TEMPLATES.find(t => t.id === 'containerRestarts')!;
    const query = expandTemplate(restarts, {
      label: 'app',
      podLabel: 'label_app',
    });
    expect(query).toBe(
      'sum by (app) (increase(kube_pod_container_status_restarts_total[10m])' +
        ' * on (namespace, pod) group_left (app) ' +
        'max by (namespace, pod, app) (label_replace(kube_pod_labels{label_app!=""}, "app", "$1", "label_app", "(.+)")))',
    );
    expect(podsExpression('service', 'label_x')).toContain(
      'kube_pod_labels{label_x!=""}',
    );
  });

  it('accepts spaces inside placeholders', () => {
    expect(
      expandTemplate(
        {
          id: 'x',
          description: '',
          query: 'sum by ({{ label }}) (rate(x[{{ window }}]))',
          window: '1h',
          unit: '',
          absent: 'unknown',
        },
        { label: 'service', podLabel: 'p' },
      ),
    ).toBe('sum by (service) (rate(x[1h]))');
  });

  it('finds every problem of a bad template', () => {
    expect(
      validateTemplate({
        id: 'Bad-id',
        description: '',
        query: 'rate(x[{{window}}]) {{foo}}',
        unit: '',
        absent: 'unknown',
      }),
    ).toEqual([
      'id must be camelCase letters and digits',
      'unknown placeholder {{foo}} (known: label, window, pods)',
      'query uses {{window}} but no window is set',
      'query must aggregate by ({{label}})',
    ]);
  });
});
