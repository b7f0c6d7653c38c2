import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { RegisteredCollector } from '../collectors/CollectorRegistry';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  collectors: RegisteredCollector[];
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, collectors } = options;
  const router = Router();
  router.use(express.json());

  // Liveness for load balancers and the portal; says nothing about entities.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/collectors', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      items: collectors.map(({ collector, schedule }) => ({
        id: collector.id,
        title: collector.title,
        schedule,
        facts: collector.facts.map(fact => ({
          name: fact.name,
          description: fact.description,
          staleAfter: fact.staleAfter,
        })),
        supportsRefresh: typeof collector.refresh === 'function',
      })),
    });
  });

  return router;
}
