// The app's UI primitives, in one place: pages and feature components compose these rather
// than restate their markup. Hand-written on native elements (<dialog>, <select>,
// datetime-local, aria-live) with no inline styles, so all of it works under the nonce CSP.
export { Button, focusRing } from "./button";
export { cn } from "./cn";
export { ConfirmDialog, Dialog } from "./dialog";
export {
  DatePicker,
  LabelPicker,
  SearchField,
  Select,
  SelectField,
  TextAreaField,
  TextField,
} from "./fields";
export { MenuButton, type MenuItem } from "./menu";
export { ErrorNotice, FormError } from "./notices";
export { Pagination, ResponsiveTable, type TableColumn } from "./table";
export { Toast } from "./toast";
