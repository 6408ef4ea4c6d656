// Page-number pagination shared by every list. Client-safe: zod only.
import { z } from "zod";
import "./zod";
import { queryInt } from "./common";

export const PAGE_SIZE_DEFAULT = 10;
export const PAGE_SIZE_MAX = 100;
/** Far beyond any real list; keeps OFFSET arithmetic small. */
export const PAGE_MAX = 1_000_000;

export const paginationMessages = {
  pageMin: "Page must be 1 or more.",
  pageMax: `Page must be at most ${PAGE_MAX}.`,
  pageSizeMin: "Page size must be 1 or more.",
  pageSizeMax: `Page size must be at most ${PAGE_SIZE_MAX}.`,
} as const;

/** `page` is 1-based. Both accept decimal strings, since REST passes them in the query string. */
export const paginationInput = z.object({
  page: queryInt(1, PAGE_MAX, {
    min: paginationMessages.pageMin,
    max: paginationMessages.pageMax,
  }).default(1),
  pageSize: queryInt(1, PAGE_SIZE_MAX, {
    min: paginationMessages.pageSizeMin,
    max: paginationMessages.pageSizeMax,
  }).default(PAGE_SIZE_DEFAULT),
});

export type PaginationInput = z.output<typeof paginationInput>;

export const paginationOutput = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
  });

/** skip/take for a page, and the page fields of a list response. */
export function pageWindow({ page, pageSize }: PaginationInput) {
  return { skip: (page - 1) * pageSize, take: pageSize };
}

export function pageInfo({ page, pageSize }: PaginationInput, total: number) {
  return { page, pageSize, total, totalPages: Math.ceil(total / pageSize) };
}
