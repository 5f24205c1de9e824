import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
// Interactive API documentation (Swagger UI), served entirely from this app: no CDN, works air-gapped.
export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  const nonce = request.headers.get('x-nonce') ?? '';
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Custos API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <style>body{margin:0;background:#fafafa} .topbar{display:none}</style>
</head>
<body>
  <div id="docs"></div>
  <script nonce="${nonce}" src="/api/docs/swagger-ui-bundle.js"></script>
  <script nonce="${nonce}">
    window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true, tryItOutEnabled: true, withCredentials: true });
  </script>
</body>
</html>`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
