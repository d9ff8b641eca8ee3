/**
 * IAM is eventually consistent: for about ten seconds after a role or its policy changes, Lambda
 * may answer as if it had not ("The role defined for the function cannot be assumed by Lambda",
 * "The provided execution role does not have permissions to call ReceiveMessage on SQS"). Retry
 * that, and only that, for about 12 s in all (a role that truly is wrong fails after that).
 */
export const ROLE_NOT_ASSUMABLE = /cannot be assumed/i;
export const ROLE_LACKS_PERMISSION = /execution role does not have permissions/i;

export async function retryWhileIamPropagates<T>(send: () => Promise<T>, message: RegExp, attempts = 4, delayMs = 2_000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const e = err as { name?: string; message?: string };
      const notReady = e.name === 'InvalidParameterValueException' && message.test(e.message ?? '');
      if (!notReady || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, delayMs * attempt));
    }
  }
}
