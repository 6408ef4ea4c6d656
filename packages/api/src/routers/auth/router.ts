import { router } from "../../trpc";
import { forgotPassword } from "./forgot-password";
import { loginUser } from "./login-user";
import { registerUser } from "./register-user";
import { resetPassword } from "./reset-password";
import { verifyEmail } from "./verify-email";

// Wiring only: one file per procedure beside this one.
export const authRouter = router({
  register: registerUser,
  login: loginUser,
  forgotPassword,
  resetPassword,
  verifyEmail,
});
