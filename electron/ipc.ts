/**
 * Where: main process (Electron types only, so tests can import it). The one door for IPC:
 * every handler is registered here, and every call is checked in the same order.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import {
  type IpcChannel,
  type IpcErrorCode,
  type IpcResult,
  ipcChannels,
  ipcContract,
  ipcErrorTag,
} from '../shared/ipc';
import { isTrustedSender } from './policy/senders';

const messages: Record<IpcErrorCode, string> = {
  'untrusted-sender': 'The request did not come from the app and was refused.',
  'invalid-request': 'The request was not valid.',
  'invalid-result': 'The app produced an invalid answer.',
  'too-large': 'The file is too large.',
  failed: 'The operation failed.',
};

/**
 * The only error a handler lets through to the renderer. Its message is built from a code and a
 * fixed sentence, so it cannot carry case data or file paths.
 */
export class IpcError extends Error {
  override readonly name = 'IpcError';

  constructor(
    readonly code: IpcErrorCode,
    channel: IpcChannel,
    detail = '',
  ) {
    super(`${ipcErrorTag(code)} ${channel}: ${messages[code]}${detail === '' ? '' : ` (${detail})`}`);
  }
}

/** The argument a handler receives: the request after its schema parsed it. */
export type ParsedRequest<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['request']>;

/** Who made the call: the id of the sender's web contents (null when Electron gave none). */
export interface IpcCallContext {
  readonly senderId: number | null;
}

/** One implementation per channel of the contract. */
export type IpcImplementations = {
  readonly [C in IpcChannel]: (request: ParsedRequest<C>, context?: IpcCallContext) => Promise<IpcResult<C>>;
};

/** Called once per refused or failed call, with nothing from the call's arguments. */
export type IpcFailureReporter = (channel: IpcChannel, code: IpcErrorCode) => void;

const reportToConsole: IpcFailureReporter = (channel, code) => {
  console.warn(`IPC ${channel} refused: ${code}`);
};

/** Where a zod error went wrong, by field path only (the messages may quote expectations, never values). */
function issuePaths(error: z.ZodError): string {
  const paths = error.issues.map((issue) => (issue.path.length === 0 ? '(argument)' : issue.path.map(String).join('.')));
  return [...new Set(paths)].join(', ');
}

async function handleCall<C extends IpcChannel>(
  channel: C,
  implementations: IpcImplementations,
  event: IpcMainInvokeEvent,
  args: readonly unknown[],
): Promise<IpcResult<C>> {
  // The sender is checked before anything of the message is looked at: an untrusted page gets no
  // parsing, no validation messages, no timing of our code.
  if (!isTrustedSender(event.senderFrame?.url)) throw new IpcError('untrusted-sender', channel);

  const contract = ipcContract[channel];
  if (args.length > 1) throw new IpcError('invalid-request', channel, 'one argument at most');
  const request = contract.request.safeParse(args[0]);
  if (!request.success) throw new IpcError('invalid-request', channel, issuePaths(request.error));

  const implementation: (request: ParsedRequest<C>, context?: IpcCallContext) => Promise<IpcResult<C>> = implementations[channel];
  const sender: unknown = (event as { readonly sender?: { readonly id?: unknown } }).sender?.id;
  const context: IpcCallContext = { senderId: typeof sender === 'number' ? sender : null };
  let result: unknown;
  try {
    // The schema of channel C produced this value; TypeScript cannot follow the lookup by key.
    result = await implementation(request.data as ParsedRequest<C>, context);
  } catch (error) {
    if (error instanceof IpcError) throw error;
    throw new IpcError('failed', channel);
  }

  const parsed = contract.result.safeParse(result);
  if (!parsed.success) throw new IpcError('invalid-result', channel);
  return parsed.data as IpcResult<C>;
}

/**
 * Registers one `ipcMain.handle` per channel of `ipcContract`. Each call: (1) refuses a sender
 * whose frame is not on `app://attest` (a missing frame too), (2) parses the arguments with the
 * channel's schema, (3) runs the implementation, (4) parses its result. Failures reject with an
 * {@link IpcError}; nothing of the arguments is logged.
 */
export function registerHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  implementations: IpcImplementations,
  reportFailure: IpcFailureReporter = reportToConsole,
): void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      try {
        return await handleCall(channel, implementations, event, args);
      } catch (error) {
        const failure = error instanceof IpcError ? error : new IpcError('failed', channel);
        reportFailure(channel, failure.code);
        throw failure;
      }
    });
  }
}
