import { createDevApp } from '@backstage/dev-utils';
import { readinessPlugin, ReadinessPage } from '../src';

createDevApp()
  .registerPlugin(readinessPlugin)
  .addPage({
    element: <ReadinessPage />,
    title: 'Readiness',
    path: '/readiness',
  })
  .render();
