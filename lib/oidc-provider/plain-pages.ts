/**
 * The few HTML pages the provider itself answers (an error at the authorization endpoint, the sign-out question and
 * its confirmation): plain pages in Custos's look, no stack traces, no external fonts or scripts except the nonce'd
 * script the sign-out page needs (the console's Content-Security-Policy applies to them).
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f6f7f9;color:#111827;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:26rem;margin:1rem;padding:1.75rem;background:#fff;border:1px solid #e5e7eb;border-radius:.75rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.brand{font-weight:600;font-size:.9rem;letter-spacing:.02em;color:#374151;margin:0 0 1rem}
h1{font-size:1.25rem;line-height:1.3;margin:0 0 .5rem}
p{margin:.5rem 0;color:#374151}
.code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;color:#4b5563}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1.25rem}
button,.button{appearance:none;border:1px solid #d1d5db;background:#fff;color:#111827;border-radius:.5rem;padding:.55rem 1rem;font:inherit;font-weight:500;cursor:pointer;text-decoration:none}
button.primary{background:#111827;border-color:#111827;color:#fff}
button:focus-visible,.button:focus-visible{outline:2px solid #2563eb;outline-offset:2px}
a{color:#1d4ed8}
`;

export function plainPage(options: { title: string; body: string; nonce?: string; script?: string }): string {
  const script = options.script && options.nonce ? `<script nonce="${escapeHtml(options.nonce)}">${options.script}</script>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · Custos</title><style>${STYLE}</style></head>
<body><main><p class="brand">Custos</p>${options.body}</main>${script}</body></html>`;
}

/** Plain words for the OAuth errors a person may meet in the browser. */
const ERROR_WORDS: Record<string, string> = {
  invalid_request: 'The application sent a request Custos cannot accept.',
  invalid_client: 'This application is not known to Custos, or it has been switched off.',
  unauthorized_client: 'This application may not sign people in this way.',
  access_denied: 'The sign-in was refused.',
  invalid_scope: 'The application asked for access Custos does not offer.',
  invalid_target: 'The application asked for a system it does not belong to.',
  invalid_redirect_uri: 'The application asked to return to an address it has not registered.',
  login_required: 'You need to sign in first.',
  server_error: 'Something went wrong on our side. Try again in a moment.',
};

export function errorPage(out: { error?: unknown; error_description?: unknown }): string {
  const code = typeof out.error === 'string' ? out.error : 'server_error';
  const words = ERROR_WORDS[code] ?? 'The sign-in could not be completed.';
  // oidc-provider's descriptions are protocol sentences meant for the application's developer; shown small.
  const description = typeof out.error_description === 'string' && code !== 'server_error' ? out.error_description : '';
  return plainPage({
    title: 'Sign-in not completed',
    body: `<h1>Sign-in not completed</h1><p>${escapeHtml(words)}</p>${
      description ? `<p class="code">${escapeHtml(description)} (${escapeHtml(code)})</p>` : `<p class="code">${escapeHtml(code)}</p>`
    }<div class="actions"><a class="button" href="/">Go to Custos</a></div>`,
  });
}

/**
 * The sign-out question. The decision is sent with fetch and the browser then navigates to the answer's location: a
 * form POST whose redirects end at the application's address is blocked by `form-action 'self'` in Chromium.
 */
export function logoutPage(options: { form: string; clientName: string | null; nonce?: string }): string {
  const who = options.clientName ? ` and from ${escapeHtml(options.clientName)}` : '';
  const script = `
(function(){
  var form=document.getElementById('op.logoutForm');
  function send(logout){
    var body=new URLSearchParams(new FormData(form));
    if(logout){body.set('logout','yes');}else{body.delete('logout');}
    fetch(form.action,{method:'POST',body:body,credentials:'same-origin',headers:{'x-custos-navigation':'fetch','x-custos-sign-out':logout?'1':'0'}})
      .then(function(r){return r.json();}).then(function(a){window.location.assign(a.location||'/');})
      .catch(function(){window.location.assign('/');});
  }
  document.getElementById('custos-logout-yes').addEventListener('click',function(e){e.preventDefault();send(true);});
  document.getElementById('custos-logout-no').addEventListener('click',function(e){e.preventDefault();send(false);});
})();`;
  return plainPage({
    title: 'Sign out',
    nonce: options.nonce,
    script,
    body: `<h1>Sign out${who}?</h1><p>You are leaving the application. Sign out of Custos as well?</p>${options.form}
<div class="actions"><button id="custos-logout-yes" class="primary" type="submit" form="op.logoutForm" value="yes" name="logout">Sign out of Custos</button>
<button id="custos-logout-no" type="submit" form="op.logoutForm">Stay signed in</button></div>`,
  });
}

export function loggedOutPage(clientName: string | null): string {
  return plainPage({
    title: 'Signed out',
    body: `<h1>Signed out</h1><p>You have signed out${clientName ? ` of ${escapeHtml(clientName)}` : ''}.</p><div class="actions"><a class="button" href="/">Go to Custos</a></div>`,
  });
}

/** A page that sends `fields` to `action` with fetch and goes where the answer says (see handle-request.ts). */
export function continuingPage(action: string, fields: Record<string, string>, nonce: string): string {
  const script = `
(function(){
  fetch(${JSON.stringify(action).replace(/</g, '\\u003c')},{method:'POST',credentials:'same-origin',headers:{'content-type':'application/x-www-form-urlencoded','x-custos-navigation':'fetch'},body:new URLSearchParams(${JSON.stringify(fields).replace(/</g, '\\u003c')}).toString()})
    .then(function(r){return r.json();}).then(function(a){window.location.assign(a.location||'/');})
    .catch(function(){window.location.assign('/');});
})();`;
  return plainPage({ title: 'Signing out', nonce, script, body: '<h1>Signing out…</h1><p>One moment.</p>' });
}
