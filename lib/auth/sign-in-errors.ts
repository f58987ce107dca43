// What the login page says for each sign-in failure (Auth.js error type + optional code); never more than the user may know.
const messages: Record<string, string> = {
  AccessDenied: "This account is disabled. Ask an admin to enable it.",
  OidcAccount: "The identity provider did not share a verified email address, so no account could be matched.",
  SetupRequired: "Switchboard is not set up yet: the first admin must finish set-up before anyone signs in.",
  CredentialsSignin: "Wrong email or password.",
  Configuration: "Sign-in is misconfigured on the server. The server log has details.",
};

const codeMessages: Record<string, string> = {
  account_disabled: "This account is disabled. Ask an admin to enable it.",
};

export function signInErrorMessage(type: string, code?: string): string {
  return (code && codeMessages[code]) || messages[type] || "Sign-in failed. Try again.";
}
