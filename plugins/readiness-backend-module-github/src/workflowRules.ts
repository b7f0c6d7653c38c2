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

// `npm run lint`, `yarn lint`, `pnpm -r --filter web run lint:ci`,
// `npm run ci:test`, and the monorepo runners (`turbo run test`,
// `nx affected -t lint`, `lerna run test`): scripts by their name.
const script = (name: string) =>
  new RegExp(
    `(\\b(npm|yarn|pnpm|bun)(\\s+-{1,2}[\\w=@/.-]+(\\s+(?!run\\b)[\\w@/.-]+)?)*\\s+(run\\s+|run-script\\s+)?|\\b(turbo|lerna)\\s+run\\s+|\\bnx\\s+(run-many|affected)\\b[^\\n]*?(-t|--targets?)[=\\s]+)([\\w-]+:)?${name}(:[\\w-]+)?\\b`,
  );

/**
 * A task runner invoking a target by name: `make test`, `make -C api lint`,
 * `just test`, `task lint` (Taskfile), `mage test`, `hatch run test`,
 * `tox -e lint`, `nox -s tests`.
 */
const target = (names: string) =>
  new RegExp(
    `(^|[\\s;&|(])(make|gmake|just|task|mage|hatch\\s+run|pdm\\s+run|poe|invoke|inv|rake)(\\s+-{1,2}[\\w=./-]+(\\s+[\\w./-]+(?=\\s))?)*\\s+([\\w-]+[:/])?(${names})\\b(?![.-])`,
    'm',
  );

/**
 * A wrapper script by its name: `./scripts/test.sh`, `hack/verify-lint.sh`,
 * `bin/test`, `ci/run-tests.sh`, `test/e2e.sh`.
 */
const wrapper = (names: string) =>
  new RegExp(
    `(^|[\\s;&|(])(bash\\s+|sh\\s+|pwsh\\s+)?((\\.\\/|[\\w.-]+\\/)+(${names})(\\.(sh|bash|ps1|py))?|(${names})\\.(sh|bash|ps1))(?=\\s|$|;|&|\\|)`,
    'm',
  );
const WRAPPER_DIRS = '(scripts?|bin|ci|hack|tools|dev|\\.github\\/scripts)';

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
    label: 'ktlint / detekt / checkstyle / spotless',
    // Gradle task names run together (`ktlintCheck`, `checkstyleMain`).
    run: /\b(ktlint\w*|detekt\w*|checkstyle\w*|spotlessCheck|spotless:check|pmd(Main|:check)|spotbugs\w*|errorprone)\b/,
  },

  {
    capability: 'lint',
    label: 'pre-commit successor (prek, lefthook)',
    run: /\b(prek|lefthook)\s+run\b/,
    uses: /^(j178\/prek-action|pre-commit-ci\/lite-action|evilmartians\/lefthook)$/,
  },
  {
    capability: 'lint',
    label: 'linter',
    run: /\b(mypy|staticcheck|shellcheck|biome\s+(check|lint|ci)|deno\s+(lint|fmt\s+--check)|mix\s+(credo|format\s+--check-formatted)|isort\s+--check|stylelint|tflint|revive|swiftlint|phpcs|phpstan)\b/,
    uses: /^(reviewdog\/[\w-]+|dominikh\/staticcheck-action|ludeeus\/action-shellcheck|biomejs\/setup-biome|DavidAnson\/markdownlint-cli2-action|wagoid\/commitlint-github-action|jpetrucciani\/ruff-check|py-actions\/flake8)$/,
  },
  {
    capability: 'lint',
    label: 'lint target',
    run: target(
      'lint|lint-[\\w-]+|vet|fmt-check|check-fmt|format-check|check-format|style|verify|verify-[\\w-]+|static-check|golangci|flake8|typecheck|mypy',
    ),
  },
  {
    capability: 'lint',
    label: 'tox / nox lint environment',
    run: /\b(tox\s+(-e|run\s+-e)\s*[\w,-]*\b(lint|flake8|format|style|pre-commit|mypy|typing|ruff|pylint|check)|nox\s+(-s|--session)\s*[\w,-]*\b(lint|format|style|pre-commit|mypy|typing|ruff))\b/,
  },
  {
    capability: 'lint',
    label: 'lint wrapper script',
    run: wrapper(
      `${WRAPPER_DIRS}\\/[\\w-]*(lint|verify|check[-_]format|fmt[-_]check|style)[\\w-]*`,
    ),
  },

  // Unit and integration tests.
  { capability: 'tests', label: 'test script', run: script('test') },
  {
    capability: 'tests',
    label: 'test target',
    run: target(
      'test|tests|check|unit|unit-tests?|test-[\\w-]+|tests-[\\w-]+|integration|integration-tests?|ci|spec',
    ),
  },
  {
    capability: 'tests',
    label: 'test wrapper script',
    run: wrapper(
      `${WRAPPER_DIRS}\\/[\\w-]*(test|tests|unit|ci[-_]test)[\\w-]*|(run[-_])?tests?|unit[-_]tests?`,
    ),
  },
  {
    capability: 'tests',
    label: 'test runner',
    run: /\b(manage\.py\s+test|mix\s+test|sbt\s+[^\n]*test|ctest|bazel\s+test|phpunit|deno\s+test|swift\s+test|hatch\s+test|bundle\s+exec\s+rake(\s+spec)?\s*$|uv\s+run\s+[^\n]*pytest|flutter\s+test|dart\s+test|go-task\s+test|gotestsum)\b/m,
  },
  { capability: 'tests', label: 'go test', run: /\bgo\s+test\b/ },
  {
    capability: 'tests',
    label: 'pytest',
    run: /\b(pytest|python3?\s+-m\s+(pytest|unittest))\b/,
  },
  {
    capability: 'tests',
    label: 'tox / nox',
    // `tox -e lint` runs a linter, not the tests.
    run: /(^|\s)(tox|nox)(?![^\n]*\s(-e|-s|--session)\s*(lint|flake8|format|style|pre-commit|mypy|typing|ruff|pylint|docs?)\b)(\s|$)/m,
  },
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
  {
    capability: 'e2eTests',
    label: 'e2e target or script',
    run: target(
      'e2e|test-e2e|e2e-tests?|test-acceptance|acceptance|acceptance-tests?|end-to-end',
    ),
  },
  {
    capability: 'e2eTests',
    label: 'e2e wrapper script',
    run: wrapper('([\\w-]+\\/)*[\\w-]*(e2e|end-to-end|acceptance)[\\w-]*'),
  },
  {
    capability: 'e2eTests',
    label: 'browser or acceptance test runner',
    run: /\b(wdio\s+run|nightwatch|testcafe|codeceptjs\s+run|detox\s+test|behave|cucumber(-js)?|robot\s+[\w/.-]+|go\s+test\b[^\n]*\b(e2e|acceptance)\b|K6_BROWSER_ENABLED|k6\s+run\b[^\n]*browser)/,
    uses: /^(microsoft\/playwright-github-action|grafana\/k6-browser-action)$/,
  },

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
    label: 'docker bake',
    run: /\bdocker\s+(buildx\s+)?bake\b/,
    uses: /^(docker\/bake-action|depot\/build-push-action|depot\/bake-action|elgohr\/Publish-Docker-Github-Action|mr-smithers-excellent\/docker-build-push)$/,
  },
  {
    capability: 'imageBuild',
    label: 'skaffold',
    run: /\bskaffold\s+(build|run|deploy)\b/,
    uses: /^(hiberbee\/github-action-skaffold|yokawasa\/action-setup-kube-tools)$/,
  },
  {
    capability: 'imageBuild',
    label: 'image target',
    run: target(
      'image|images|docker|docker-build|docker-push|docker-image|container|containers|build-image|push-image|image-push|images-push|ko-build|oci',
    ),
  },
  {
    capability: 'imageBuild',
    label: 'docker compose build',
    run: /\bdocker[\s-]compose\b[^\n]*\s(build|push)\b/,
  },
  {
    capability: 'imageBuild',
    label: 'buildpacks',
    run: /\bpack\s+build\b/,
    uses: /^buildpacks\/github-actions\/setup-pack$/,
  },
  {
    capability: 'imageBuild',
    label: 'cloud image build',
    run: /\b(gcloud\s+builds\s+submit|az\s+acr\s+build|earthly\b[^\n]*--push)\b/,
  },
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
    label: 'govulncheck',
    uses: /^golang\/govulncheck-action$/,
  },
  {
    capability: 'imageScan',
    label: 'dependency audit action',
    uses: /^(pypa\/gh-action-pip-audit|sonatype-nexus-community\/nancy-github-action|dependency-check\/Dependency-Check_Action|rustsec\/audit-check|actions-rust-lang\/audit|aquasecurity\/setup-trivy)$/,
  },
  {
    capability: 'imageScan',
    label: 'dependency check',
    run: /\b(safety\s+(check|scan)|dependency-check|owasp\s*dependency|trivy\s+config|npx\s+audit-ci|better-npm-audit)\b/,
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
    label: 'platform deploy',
    run: /\b(flyctl\s+deploy|heroku\s+(container:release|releases:promote)|git\s+push\s+[^\n]*heroku|vercel\b[^\n]*--prod|vercel\s+deploy|railway\s+up|netlify\s+deploy\b[^\n]*--prod|wrangler\s+(deploy|publish)|sam\s+deploy|copilot\s+(svc\s+)?deploy|ecs-deploy|aws\s+eks\s+update-kubeconfig|api\.render\.com\/deploy|RENDER_DEPLOY_HOOK|dokku\b[^\n]*deploy|kamal\s+deploy|cap\s+\w+\s+deploy|skaffold\s+(run|deploy)|az\s+(aks|functionapp|spring)\s+[^\n]*(deploy|update)|eb\s+deploy|gcloud\s+(container\s+clusters\s+get-credentials|deploy\s+releases\s+create))\b/,
    uses: /^(superfly\/flyctl-actions(\/[\w-]+)?|bervProject\/railway-deploy|johnbeynon\/render-deploy-action|JorgeLNJunior\/render-deploy|dokku\/github-action|deliverybot\/helm|WyriHaximus\/github-action-helm3|einaregilsson\/beanstalk-deploy|aws-actions\/amazon-eks-.*|Azure\/aks-set-context|google-github-actions\/get-gke-credentials|nwtgck\/actions-netlify|appleboy\/ssh-action)$/,
  },
  {
    capability: 'deploy',
    label: 'docker compose up',
    // Counted only on a self-hosted runner: see `workflows.ts`.
    run: /\bdocker[\s-]compose\b[^\n]*\bup\b/,
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
  {
    capability: 'performanceTests',
    label: 'gatling',
    // Also the Gradle plugin's task (`gatlingRun`) and Maven's goal.
    run: /\bgatling(Run)?\b/,
  },

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
// Words are matched as tokens anywhere in the name (`gke-staging`,
// `eu-west-1/prod`); a pre-release word wins, so `pre-prod` is not
// production.
export const PRE_RELEASE_ENVIRONMENT =
  /(^|[-_ ./:])(staging|stage|stg|pre-?prod|pre-?production|preview|qa|uat|sandbox|acceptance|acc|test(ing)?|dev(elopment)?|int(egration)?)([-_ ./:\d]|$)/i;
export const PRODUCTION_ENVIRONMENT = {
  test: (name: string) =>
    !PRE_RELEASE_ENVIRONMENT.test(name) &&
    /(^|[-_ ./:])(prod|production|prd|live)([-_ ./:\d]|$)/i.test(name),
};
/** Stages the staging check accepts as "before production". */
export const STAGING_ENVIRONMENT =
  /(^|[-_ ./:])(staging|stage|stg|pre-?prod|pre-?production|qa|uat|acceptance)([-_ ./:\d]|$)/i;
