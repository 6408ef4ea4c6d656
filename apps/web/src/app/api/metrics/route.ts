// The Vercel path (and a bare `next start`): the same handler the production server calls
// directly (src/server/api-handler.ts), so both paths answer alike.
import { handleApi } from "@/server/api-handler";

// Every method reaches the handler, so an unknown method is the envelope's 405, not Next's bare one.
export {
  handleApi as GET,
  handleApi as POST,
  handleApi as PUT,
  handleApi as PATCH,
  handleApi as DELETE,
  handleApi as HEAD,
  handleApi as OPTIONS,
};
