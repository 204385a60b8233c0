/**
 * The CPU floor of a scan: the commands the scan sent, sent again through fresh production
 * clients over the same fake AWS with no latency and no rate limits, all at once. What that
 * takes is the CPU any scanner built on the SDK spends on this machine to make those calls
 * and read their answers (signing, serialising, parsing XML and JSON, and the fake building
 * its answers) — none of the scanner's own work. The scan's wall time cannot be below it, so
 * it joins the lower bound as one more term; under the latency model it is the largest.
 */
import * as autoScaling from '@aws-sdk/client-auto-scaling';
import * as ec2 from '@aws-sdk/client-ec2';
import * as eks from '@aws-sdk/client-eks';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import type { AwsClients } from '../../src/collect/clients.ts';
import type { Estate } from './estate.ts';
import { FakeAws, type SentCommand } from './transport.ts';

const COMMANDS: Record<keyof AwsClients, Record<string, unknown>> = {
  eks,
  ec2,
  autoScaling,
  ssm,
  sts,
};

type CommandClass = new (input: unknown) => Parameters<AwsClients['ec2']['send']>[0];
type Sender = { send(command: unknown): Promise<unknown> };

export interface CpuFloor {
  /** Wall time of the replay (one thread: its CPU). */
  ms: number;
  commands: number;
  /** Answers that were errors (also errors in the scan: templates gone, say). */
  errors: number;
}

export async function replayCommands(
  estate: Estate,
  sent: readonly SentCommand[],
): Promise<CpuFloor> {
  const fake = new FakeAws(estate, { latencyMs: 0 });
  const clients = new Map<string, AwsClients>();
  const clientsOf = (region: string) => {
    let regional = clients.get(region);
    if (regional === undefined) {
      regional = fake.clientsFor(region);
      clients.set(region, regional);
    }
    return regional;
  };
  const commands = sent.map(({ client, region, commandName, input }) => {
    const Command = COMMANDS[client][commandName] as CommandClass | undefined;
    if (Command === undefined) throw new Error(`cpu-floor: no command ${client}.${commandName}`);
    return { client: clientsOf(region)[client] as unknown as Sender, command: new Command(input) };
  });
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    commands.map(({ client, command }) =>
      client.send(command).catch(() => {
        errors += 1;
      }),
    ),
  );
  const ms = performance.now() - started;
  for (const regional of clients.values())
    for (const client of Object.values(regional)) client.destroy();
  return { ms: Math.round(ms), commands: commands.length, errors };
}
