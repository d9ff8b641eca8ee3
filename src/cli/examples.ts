/**
 * The examples each command's --help ends with, by command path. One table, so every command's
 * help reads alike; a unit test checks every command has two or three.
 */
import type { Command } from 'commander';

export const EXAMPLES: Record<string, [command: string, what: string][]> = {
  athena: [
    ['streamalert athena refresh --once', 'drain the notification queue once'],
    ['streamalert athena monitor --window 7d --period 1d', "a week of the queue's metrics, one row per day"],
    ['streamalert athena iam-policy > policy.json', "the refresh function's IAM policy"],
  ],
  'athena refresh': [
    ['streamalert athena refresh --once', 'drain the queue once and print a summary'],
    ["streamalert athena refresh --interval 'rate(2 minutes)'", 'keep draining on a schedule until Ctrl-C'],
    ['streamalert athena refresh --output json --log-level debug', 'the summary as JSON, and what the run decided on stderr'],
  ],
  'athena monitor': [
    ['streamalert athena monitor', 'the last 24 hours, one row per hour, with a chart on a wide terminal'],
    ['streamalert athena monitor --watch 15', 'redraw every 15 s until Ctrl-C'],
    ['streamalert athena monitor --check --output json', 'exit 6 unless the verdict is ok (for alarms and CI)'],
  ],
  'athena init': [
    ['streamalert athena init --dry-run', 'the plan: what would be created or changed, changing nothing'],
    ['streamalert athena init', 'create or update the queue, policy, notifications, results bucket, database and tables'],
    ['streamalert athena init --update-tables --output json', 'also change tables whose columns differ, as JSON'],
  ],
  'athena backfill': [
    ['streamalert athena backfill --dry-run', 'list the partition folders in S3 that the catalog lacks'],
    ['streamalert athena backfill --table alerts --since 2026-11-01', 'register what is missing for one table since a day'],
    [
      'streamalert athena backfill --rebuild --since 2026-11-20-00 --until 2026-11-28-23',
      "give a range's partitions the table's current schema",
    ],
  ],
  'athena redrive': [
    ['streamalert athena redrive --dry-run', 'how many messages the dead-letter queue holds'],
    ['streamalert athena redrive --max 100', 'move 100 of them back to the notification queue'],
  ],
  'athena iam-policy': [
    ['streamalert athena iam-policy', 'print the policy for conf/'],
    ['streamalert athena iam-policy --for deploy', 'what streamalert deploy needs (functions, role, schedule, logs, alarms)'],
    ['streamalert athena iam-policy --config-dir prod-conf > policy.json', 'for another deployment, into a file'],
  ],
  deploy: [
    ['streamalert deploy --function athena', 'deploy the refresh function and its schedule'],
    ['streamalert deploy --function all --dry-run', 'what would change, changing nothing'],
    ['streamalert deploy --function rule alert --profile prod --debug', 'two functions, with every AWS request on stderr'],
  ],
  export: [
    ['streamalert export terraform', 'write build/terraform/streamalert.tf.json and the function zip'],
    ['streamalert export terraform --out infra/streamalert --output json', 'into your Terraform folder, listing what is imported'],
  ],
  'export terraform': [
    ['streamalert export terraform', 'write build/terraform/streamalert.tf.json and the function zip'],
    ['streamalert export terraform --function all --out infra/streamalert', 'every function, into your Terraform folder'],
    ['streamalert export terraform --output json', 'which resources are written and which are imported, as JSON'],
  ],
  package: [
    ['streamalert package --function athena', 'write build/lambda/<name>.zip with its size and hash'],
    ['streamalert package --function all --out dist/zips --output json', 'every function, as JSON'],
  ],
  rollback: [
    ['streamalert rollback --function athena', 'move the production alias back one version'],
    ['streamalert rollback --function athena --to 7 --dry-run', 'which version it would point at, changing nothing'],
  ],
  schedule: [
    ["streamalert schedule 'cron(0 8 ? * MON-FRI *)'", 'the next 10 weekday 08:00 UTC runs'],
    ["streamalert schedule 'cron(0 12 15W * ? *)' --count 3 --from 2026-11-01", 'the weekday nearest the 15th, three months'],
    ['streamalert schedule --output json', "the configured schedule_expression's next runs as JSON"],
  ],
  completion: [
    [
      'streamalert completion bash > ~/.local/share/bash-completion/completions/streamalert',
      'bash: commands and options complete in every new session',
    ],
    ['streamalert completion zsh > "${fpath[1]}/_streamalert"', 'for every zsh session (before compinit runs)'],
    ['streamalert completion fish > ~/.config/fish/completions/streamalert.fish', 'for every fish session'],
  ],
};

/** The command's path below the program: `athena refresh`, `deploy`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Appends an "Examples:" section to the help of every command in the tree that has examples. */
export function addExamples(root: Command): void {
  for (const command of root.commands) {
    const examples = EXAMPLES[commandPath(command)];
    if (examples) {
      const lines = examples.map(([c, what]) => `  # ${what}\n  $ ${c}`);
      command.addHelpText('after', `\nExamples:\n${lines.join('\n\n')}`);
    }
    addExamples(command);
  }
}
