// What every /api route file exports (health, metrics, trpc, v1): on the Vercel path (and a bare
// `next start`) the route handlers call the same handler the production server calls directly,
// so both paths answer alike. Every method reaches it, so an unknown method is the envelope's
// 405, not Next's bare one.
export {
  handleApi as GET,
  handleApi as POST,
  handleApi as PUT,
  handleApi as PATCH,
  handleApi as DELETE,
  handleApi as HEAD,
  handleApi as OPTIONS,
} from "./api-handler";
