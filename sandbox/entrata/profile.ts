/**
 * How much the sandbox's answers carry. `rich` (the default) gives every field the reference's §6
 * choices name, so a client sees everything it wrote. `spec` gives only what the public evidence
 * shows Entrata returns (the reference's §7): a client that works against `spec` works whichever
 * of the two Entrata turns out to be. Per method, in `spec`:
 * - getLeadEvents events: eventId, typeId, type, leaseId, leaseIntervalId, applicantId, date,
 *   appointmentDate, timeFrom, timeTo, eventResultId, eventResult, eventReason (§7.1.2); no
 *   comments, title, callData, agent, unit or sub type;
 * - getLeads events: those plus comments, eventReasons and callData without audioLink (§7.2.2);
 * - dates `YYYY-MM-DD` without a time, as the published examples show;
 * - an empty getLeadEvents/getLeads answer is `{"success":"No Records Found."}` (§7.5.1);
 * - updateLeads requires `typeId`, `title` and non-empty `comments` on every event, and a failed
 *   prospect also sets the envelope `code` to 400 (§7.3.6, §7.3.7).
 * Both profiles: `requestId` echoed only when sent, code 108 for a missing method name, the
 * per-prospect failure status "Failure", and event dates after the current Mountain Time refused.
 */
export const sandboxProfiles = ['rich', 'spec'] as const;
export type SandboxProfile = (typeof sandboxProfiles)[number];

export function isSandboxProfile(v: unknown): v is SandboxProfile {
  return typeof v === 'string' && (sandboxProfiles as readonly string[]).includes(v);
}

/** SANDBOX_PROFILE from the environment (rich when unset); an unknown value is an error. */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxProfile {
  const v = env.SANDBOX_PROFILE?.trim();
  if (!v) return 'rich';
  if (!isSandboxProfile(v)) throw new Error(`SANDBOX_PROFILE must be one of ${sandboxProfiles.join(', ')} (got "${v}")`);
  return v;
}

/** The empty answer of a read in the `spec` profile (recorded from a real tenant, §7.5.1). */
export const NO_RECORDS = { success: 'No Records Found.' } as const;
