export { default } from "@taskfort/config/eslint";
