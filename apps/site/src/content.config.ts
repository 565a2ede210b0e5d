// The content pages: one Markdown file each in src/content/pages, written for every council
// (council words as tokens, see src/lib/council-words.ts).
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "astro/zod";

const pages = defineCollection({
  loader: glob({ pattern: "*.md", base: "./src/content/pages" }),
  schema: z.object({
    /** The page's heading and the start of its title. */
    title: z.string(),
    /** One sentence for search results and the page's meta description. */
    description: z.string(),
    /** Where the page sits in the footer's lists. */
    group: z.enum(["about", "referring", "help", "legal"]),
    /** Order within its group. */
    order: z.number().int(),
    /** Show the service's contact details after the text. */
    showContact: z.boolean().default(false),
    /** When the text was last checked, shown at the foot of the page. */
    reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
});

export const collections = { pages };
