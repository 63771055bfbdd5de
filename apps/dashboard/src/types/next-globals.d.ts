// Next's ambient types (CSS imports, images) without depending on the generated next-env.d.ts,
// so `npm run typecheck` works before the first build.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
