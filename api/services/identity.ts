/**
 * The electronic-identity check at reception (Decree 118 Art. 17.1: look up the applicant's VNeID
 * account by personal ID number). The national VNeID service cannot be reached from here, so a
 * deterministic demo provider ships; a real provider implements the same interface.
 */

/** What the identity provider knows of a personal ID number. */
export interface IdentityCheck {
  /** Whether a VNeID account exists for the number. */
  hasAccount: boolean;
  /** Identification level of the account (1 or 2), when it exists. */
  level: 1 | 2 | null;
  /** Which provider answered. */
  provider: string;
}

export interface IdentityProvider {
  /** Looks up the account of a 12-digit personal ID number. */
  check(idNumber: string): Promise<IdentityCheck>;
  /**
   * Whether the person holding the number proved it (online submission). A real provider does
   * this with OpenID Connect (VNeID login); the demo checks a one-time code.
   */
  verify?(idNumber: string, oneTimeCode: string): Promise<boolean>;
}

/** The demo's one-time code of a number: its last six digits reversed (001090000125 → 521000). */
export const demoOneTimeCode = (idNumber: string): string => [...idNumber.slice(-6)].reverse().join('');

/**
 * Demo provider: the answer depends only on the number, so demos and tests are repeatable —
 * last digit 0–1: no account; 2–4: level 1; 5–9: level 2.
 */
export const demoIdentityProvider: IdentityProvider = {
  async check(idNumber) {
    const last = Number(idNumber.at(-1));
    if (last <= 1) return { hasAccount: false, level: null, provider: 'demo' };
    return { hasAccount: true, level: last <= 4 ? 1 : 2, provider: 'demo' };
  },
  /** Demo rule: an account exists and the code is the number's last six digits reversed. */
  async verify(idNumber, oneTimeCode) {
    return (await this.check(idNumber)).hasAccount && oneTimeCode === demoOneTimeCode(idNumber);
  },
};
