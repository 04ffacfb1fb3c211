import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const AMQP_CLIENTS = ['amqplib', 'amqp-connection-manager'];
const AMQP_SEAM = 'Import AMQP publishers, workers and topology from @orderflow/rabbitmq.';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.stack/**', 'coverage/**', '**/generated/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'tools/*.cjs', 'tools/cli/bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // KafkaJS stays behind libs/kafka, so a second client can replace it there alone. The benchmark's
    // raw-client rows measure KafkaJS itself.
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    ignores: [
      'libs/kafka/**',
      'bench/src/bench-kafka.ts',
      'bench/src/rounds/r1-kafkajs.round.ts',
      'bench/src/rounds/r3-layers.ts',
      'bench/src/rounds/r3-pipeline.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'Import Kafka types and factories from @orderflow/kafka.' },
            ...AMQP_CLIENTS.map((name) => ({ name, message: AMQP_SEAM })),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value='kafkajs']",
          message: 'Import Kafka types and factories from @orderflow/kafka.',
        },
      ],
    },
  },
  {
    // The AMQP clients stay behind libs/rabbitmq the same way; there only KafkaJS stays off limits.
    files: ['libs/rabbitmq/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kafkajs', message: 'Import Kafka types and factories from @orderflow/kafka.' }] },
      ],
    },
  },
  {
    // pg and Kysely stay behind libs/postgres: one place owns pooling, error classification and migrations.
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    ignores: ['libs/postgres/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['pg', 'kysely', 'node-pg-migrate'].map((name) => ({
            name,
            message: 'Import database clients and helpers from @orderflow/postgres.',
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
);
