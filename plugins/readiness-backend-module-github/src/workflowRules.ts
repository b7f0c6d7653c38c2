/**
 * What a GitHub Actions step reveals about a pipeline, as data: each rule
 * names a capability, a label shown as evidence, and a pattern over the
 * step's `uses:` action (owner/name, without the version) or over its
 * `run:` script. Keeping them in tables makes a missing tool a one-line
 * change with its own test.
 */
export type Capability =
  | 'lint'
  | 'tests'
  | 'e2eTests'
  | 'imageBuild'
  | 'imageScan'
  | 'imageSigning'
  | 'deploy'
  | 'performanceTests'
  | 'manifestValidation'
  | 'rollback'
  | 'notifications';

export interface StepRule {
  capability: Capability;
  label: string;
  uses?: RegExp;
  run?: RegExp;
}

// `npm run lint`, `yarn lint`, `pnpm run lint:ci`.
const script = (name: string) =>
  new RegExp(`\\b(npm|yarn|pnpm|bun)\\s+(run\\s+)?${name}(:[\\w-]+)?\\b`);

export const STEP_RULES: StepRule[] = [
  // Linters and format checks.
  { capability: 'lint', label: 'eslint', run: /\beslint\b/ },
  {
    capability: 'lint',
    label: 'prettier --check',
    run: /\bprettier\b[^\n]*\s(--check|-c)\b/,
  },
  {
    capability: 'lint',
    label: 'golangci-lint',
    run: /\bgolangci-lint\b/,
    uses: /^golangci\/golangci-lint-action$/,
  },
  {
    capability: 'lint',
    label: 'ruff',
    run: /\bruff\s+(check|format\s+--check)\b/,
    uses: /^(astral-sh|chartboost)\/ruff-action$/,
  },
  { capability: 'lint', label: 'flake8', run: /\bflake8\b/ },
  { capability: 'lint', label: 'pylint', run: /\bpylint\b/ },
  {
    capability: 'lint',
    label: 'black --check',
    run: /\bblack\b[^\n]*\s--check\b/,
    uses: /^psf\/black$/,
  },
  { capability: 'lint', label: 'rubocop', run: /\brubocop\b/ },
  { capability: 'lint', label: 'lint script', run: script('lint') },
  {
    capability: 'lint',
    label: 'super-linter',
    uses: /^(github|super-linter)\/super-linter(\/slim)?$/,
  },
  {
    capability: 'lint',
    label: 'pre-commit',
    run: /\bpre-commit\s+run\b/,
    uses: /^pre-commit\/action$/,
  },
  {
    capability: 'lint',
    label: 'cargo clippy',
    run: /\bcargo\s+(clippy|fmt\b[^\n]*--check)\b/,
  },
  {
    capability: 'lint',
    label: 'go vet / gofmt',
    run: /\b(go\s+vet|gofmt\s+-l)\b/,
  },
  {
    capability: 'lint',
    label: 'hadolint',
    run: /\bhadolint\b/,
    uses: /^hadolint\/hadolint-action$/,
  },
  {
    capability: 'lint',
    label: 'ktlint / checkstyle / spotless',
    run: /\b(ktlint|checkstyle|spotlessCheck|spotless:check)\b/,
  },

  // Unit and integration tests.
  { capability: 'tests', label: 'test script', run: script('test') },
  { capability: 'tests', label: 'go test', run: /\bgo\s+test\b/ },
  {
    capability: 'tests',
    label: 'pytest',
    run: /\b(pytest|python3?\s+-m\s+(pytest|unittest))\b/,
  },
  { capability: 'tests', label: 'tox / nox', run: /(^|\s)(tox|nox)(\s|$)/m },
  {
    capability: 'tests',
    label: 'maven test',
    run: /\b(mvn|mvnw)\b[^\n]*\s(test|verify|install)\b/,
  },
  {
    capability: 'tests',
    label: 'gradle test',
    run: /\b(gradle|gradlew)\b[^\n]*\s(test|check|build)\b/,
  },
  {
    capability: 'tests',
    label: 'cargo test',
    run: /\bcargo\s+(test|nextest)\b/,
  },
  { capability: 'tests', label: 'dotnet test', run: /\bdotnet\s+test\b/ },
  { capability: 'tests', label: 'jest / vitest', run: /\b(jest|vitest)\b/ },
  {
    capability: 'tests',
    label: 'rspec',
    run: /\b(rspec|rails\s+test|rake\s+test)\b/,
  },
  { capability: 'tests', label: 'make test', run: /\bmake\s+(test|check)\b/ },

  // End-to-end tests.
  { capability: 'e2eTests', label: 'playwright', run: /\bplaywright\s+test\b/ },
  {
    capability: 'e2eTests',
    label: 'cypress',
    run: /\bcypress\s+run\b/,
    uses: /^cypress-io\/github-action$/,
  },
  { capability: 'e2eTests', label: 'e2e script', run: script('(test:)?e2e') },

  // Container images.
  {
    capability: 'imageBuild',
    label: 'docker/build-push-action',
    uses: /^docker\/build-push-action$/,
  },
  {
    capability: 'imageBuild',
    label: 'docker build / push',
    run: /\bdocker\s+(build|buildx\s+build|push|image\s+push)\b/,
  },
  {
    capability: 'imageBuild',
    label: 'buildah',
    run: /\bbuildah\s+(bud|build|push)\b/,
    uses: /^redhat-actions\/(buildah-build|push-to-registry)$/,
  },
  {
    capability: 'imageBuild',
    label: 'podman',
    run: /\bpodman\s+(build|push)\b/,
  },
  {
    capability: 'imageBuild',
    label: 'ko',
    run: /(^|\s)ko\s+(build|publish|resolve|apply)\b/m,
    uses: /^ko-build\/setup-ko$/,
  },
  {
    capability: 'imageBuild',
    label: 'jib',
    run: /\bjib(Dockerbuild|:build|:dockerBuild)?\b/,
  },
  { capability: 'imageBuild', label: 'kaniko', run: /\bkaniko\b/ },
  {
    capability: 'imageBuild',
    label: 'spring-boot:build-image',
    run: /\b(spring-boot:build-image|bootBuildImage)\b/,
  },

  // Vulnerability scanning of images and dependencies.
  {
    capability: 'imageScan',
    label: 'trivy',
    run: /\btrivy\s+(image|fs|repo|rootfs|sbom)\b/,
    uses: /^aquasecurity\/trivy-action$/,
  },
  {
    capability: 'imageScan',
    label: 'snyk',
    run: /\bsnyk\s+(test|container|monitor)\b/,
    uses: /^snyk\/actions(\/[\w-]+)?$/,
  },
  {
    capability: 'imageScan',
    label: 'grype / anchore',
    run: /\bgrype\b/,
    uses: /^anchore\/scan-action$/,
  },
  {
    capability: 'imageScan',
    label: 'docker scout',
    run: /\bdocker\s+scout\s+(cves|quickview|recommendations)\b/,
    uses: /^docker\/scout-action$/,
  },
  {
    capability: 'imageScan',
    label: 'dependency review',
    uses: /^actions\/dependency-review-action$/,
  },
  {
    capability: 'imageScan',
    label: 'osv-scanner',
    run: /\bosv-scanner\b/,
    uses: /^google\/osv-scanner-action(\/[\w-]+)*$/,
  },
  {
    capability: 'imageScan',
    label: 'dependency audit',
    run: /\b(npm\s+audit|yarn\s+npm\s+audit|pnpm\s+audit|pip-audit|govulncheck|cargo\s+audit|bundle[\s-]+audit)\b/,
  },

  // Image signing.
  {
    capability: 'imageSigning',
    label: 'cosign',
    run: /\bcosign\s+sign\b/,
    uses: /^sigstore\/cosign-installer$/,
  },
  {
    capability: 'imageSigning',
    label: 'notation',
    run: /\bnotation\s+sign\b/,
    uses: /^notaryproject\/notation-action(\/[\w-]+)?$/,
  },

  // Deployments.
  {
    capability: 'deploy',
    label: 'kubectl apply',
    run: /\bkubectl\s+(apply|replace|set\s+image)\b(?![^\n]*--dry-run)/,
  },
  {
    capability: 'deploy',
    label: 'helm upgrade',
    run: /\bhelm\s+(upgrade|install)\b(?![^\n]*--dry-run)/,
  },
  {
    capability: 'deploy',
    label: 'argocd',
    run: /\bargocd\s+app\s+(sync|set|create)\b/,
  },
  { capability: 'deploy', label: 'flux', run: /\bflux\s+reconcile\b/ },
  {
    capability: 'deploy',
    label: 'kustomize | kubectl',
    run: /\bkustomize\s+build[^\n]*\|\s*kubectl\s+apply\b/,
  },
  {
    capability: 'deploy',
    label: 'cloud deploy action',
    uses: /^(azure\/(k8s-deploy|webapps-deploy|container-apps-deploy-action|functions-action)|aws-actions\/(amazon-ecs-deploy-task-definition|aws-cloudformation-github-deploy)|google-github-actions\/(deploy-cloudrun|deploy-appengine|deploy-cloud-functions)|akhileshns\/heroku-deploy|cloudflare\/wrangler-action|amondnet\/vercel-action)$/,
  },
  {
    capability: 'deploy',
    label: 'cloud CLI deploy',
    run: /\b(gcloud\s+(run|app|functions)\s+deploy|aws\s+ecs\s+update-service|az\s+(webapp|containerapp)\s+(up|update|deploy)|serverless\s+deploy|sls\s+deploy|fly\s+deploy|cdk\s+deploy)\b/,
  },

  // Load and performance tests.
  {
    capability: 'performanceTests',
    label: 'k6',
    run: /\bk6\s+(run|cloud)\b/,
    uses: /^grafana\/(k6-action|run-k6-action|setup-k6-action)$/,
  },
  { capability: 'performanceTests', label: 'locust', run: /\blocust\b/ },
  {
    capability: 'performanceTests',
    label: 'jmeter',
    run: /\bjmeter\b/,
    uses: /^rbhadti94\/apache-jmeter-action$/,
  },
  {
    capability: 'performanceTests',
    label: 'artillery',
    run: /\bartillery\s+run\b/,
    uses: /^artilleryio\/action-cli$/,
  },
  { capability: 'performanceTests', label: 'gatling', run: /\bgatling\b/ },

  // Validation of Kubernetes manifests.
  {
    capability: 'manifestValidation',
    label: 'kubeconform',
    run: /\bkubeconform\b/,
  },
  {
    capability: 'manifestValidation',
    label: 'kubeval',
    run: /\bkubeval\b/,
    uses: /^instrumenta\/kubeval-action$/,
  },
  {
    capability: 'manifestValidation',
    label: 'kubectl --dry-run',
    run: /\bkubectl\s+(apply|create)\b[^\n]*--dry-run\b/,
  },
  {
    capability: 'manifestValidation',
    label: 'helm lint / template',
    run: /\bhelm\s+(lint|template)\b/,
    uses: /^helm\/chart-testing-action$/,
  },
  {
    capability: 'manifestValidation',
    label: 'kustomize build',
    run: /\bkustomize\s+build\b/,
  },
  {
    capability: 'manifestValidation',
    label: 'conftest',
    run: /\bconftest\s+(test|verify)\b/,
  },
  {
    capability: 'manifestValidation',
    label: 'kube-linter',
    run: /\bkube-linter\b/,
    uses: /^stackrox\/kube-linter-action$/,
  },

  // Rollbacks.
  {
    capability: 'rollback',
    label: 'kubectl rollout undo',
    run: /\bkubectl\s+rollout\s+undo\b/,
  },
  {
    capability: 'rollback',
    label: 'helm rollback',
    run: /\bhelm\s+rollback\b/,
  },
  {
    capability: 'rollback',
    label: 'argo rollouts abort/undo',
    run: /\bkubectl[\s-]+argo\s+rollouts\s+(abort|undo)\b/,
  },
  {
    capability: 'rollback',
    label: 'argocd app rollback',
    run: /\bargocd\s+app\s+rollback\b/,
  },

  // Notifications to the team.
  {
    capability: 'notifications',
    label: 'Slack',
    uses: /^(slackapi\/slack-github-action|rtCamp\/action-slack-notify|8398a7\/action-slack|act10ns\/slack)$/i,
    run: /hooks\.slack\.com|slack\.com\/api\/chat\.postMessage/,
  },
  {
    capability: 'notifications',
    label: 'Microsoft Teams',
    uses: /^(jdcargile\/ms-teams-notification|aliencube\/microsoft-teams-actions|skitionek\/notify-microsoft-teams|toko-bifrost\/ms-teams-deploy-card)$/i,
    run: /webhook\.office\.com|\.logic\.azure\.com/,
  },
  {
    capability: 'notifications',
    label: 'Discord',
    uses: /^(Ilshidur\/action-discord|sarisia\/actions-status-discord|tsickert\/discord-webhook)$/i,
    run: /discord(app)?\.com\/api\/webhooks/,
  },
];

/** Triggers that run a workflow before a change reaches the default branch. */
export const PULL_REQUEST_TRIGGERS = [
  'pull_request',
  'pull_request_target',
  'merge_group',
];

/** Environment names that mean production, and pre-release stages. */
export const PRODUCTION_ENVIRONMENT = /^prod/i;
export const PRE_RELEASE_ENVIRONMENT =
  /^(staging|stage|stg|pre-?prod|preproduction|qa|uat)([-_ ].*)?$/i;
