import { router } from "../../trpc";
import { loginUser } from "./login-user";
import { registerUser } from "./register-user";

// Wiring only: one file per procedure beside this one.
export const authRouter = router({
  register: registerUser,
  login: loginUser,
});
