import { configure } from "@taskfort/config/eslint";

export default configure(import.meta.dirname, { react: true, next: true });
