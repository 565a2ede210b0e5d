// Developmental profiles: what the child can already do, by the protocol's areas and marking
// scale, recorded at the first visits and dated; later ones are compared with the first.
import {
  compareProfiles,
  type DevelopmentalProfile,
  type IsoDate,
  type ProfileEntry,
  validateProfile,
} from "@openportage/domain";
import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, developmentalProfiles, users } from "../../db/schema.js";
import { auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { ProfileBody } from "../cases/bodies.js";
import { ProfilesAnswerSchema, type ProfileView, ProfileViewSchema } from "../cases/views.js";
import { json, problem } from "../openapi-content.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });

export const profileRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/profiles",
    describeRoute({
      tags: ["Casework"],
      summary: "The child's developmental profiles, and the first compared with the latest",
      responses: {
        200: { description: "Oldest first", content: json(ProfilesAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db, protocol } = c.get("deps");
      const rows = await db
        .select({ profile: developmentalProfiles, name: users.name })
        .from(developmentalProfiles)
        .innerJoin(users, eq(users.id, developmentalProfiles.recordedBy))
        .where(eq(developmentalProfiles.childId, id))
        .orderBy(asc(developmentalProfiles.recordedOn), asc(developmentalProfiles.createdAt));
      const { areas, markingScale } = protocol.plans;
      const markName = (mark: string) => markingScale.marks.find((m) => m.id === mark)?.name ?? mark;
      const profiles: ProfileView[] = rows.map(({ profile, name }) => ({
        id: profile.id,
        recordedOn: profile.recordedOn,
        entries: (profile.entries as ProfileEntry[]).map((e) => ({
          areaId: e.areaId,
          area: areas.areas.find((a) => a.id === e.areaId)?.name ?? e.areaId,
          mark: e.mark,
          markName: markName(e.mark),
          ...(e.note ? { note: e.note } : {}),
        })),
        recordedBy: { id: profile.recordedBy, name },
        createdAt: profile.createdAt,
      }));
      const asDomain = (p: (typeof rows)[number]["profile"]): DevelopmentalProfile => ({
        recordedOn: p.recordedOn as IsoDate,
        entries: p.entries as ProfileEntry[],
      });
      const first = rows[0];
      const latest = rows[rows.length - 1];
      const comparison =
        first && latest && rows.length > 1
          ? compareProfiles(asDomain(first.profile), asDomain(latest.profile), protocol)
          : null;
      await auditCaseRead(c, id);
      return c.json({
        areas: areas.areas.map((a) => ({ id: a.id, name: a.name })),
        marks: markingScale.marks.map((m) => ({
          id: m.id,
          name: m.name,
          ...(m.description ? { description: m.description } : {}),
        })),
        profiles,
        comparison: comparison
          ? {
              from: comparison.from,
              to: comparison.to,
              areas: comparison.areas.map((a) => ({ ...a })),
              movedOn: comparison.movedOn,
              same: comparison.same,
              movedBack: comparison.movedBack,
            }
          : null,
      });
    },
  )
  .post(
    "/cases/:id/profiles",
    describeRoute({
      tags: ["Casework"],
      summary: "Record a developmental profile",
      description:
        "Checked by the domain's `validateProfile`: the protocol's areas (`plans.areas`) and marks (`plans.markingScale`), each area once, dated today or earlier.",
      requestBody: { content: json(ProfileBody) },
      responses: {
        201: { description: "The profile", content: json(ProfileViewSchema) },
        404: problem("No case here that you can see"),
        422: problem("validation: names the entry (`entries.2.mark`)"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(ProfileBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const entries = input.entries.map((e) => ({
        areaId: e.areaId,
        mark: e.mark,
        ...(e.note ? { note: e.note } : {}),
      }));
      const profile = { recordedOn: input.recordedOn, entries };
      const problems = validateProfile(profile, protocol, englandDate(clock.now()));
      if (problems.length > 0) throw validationProblem(problems.map((p) => ({ field: p.path, message: p.message })));
      const user = staff(c);
      const now = clock.now().toISOString();
      const profileId = newId();
      await db.transaction(
        async (tx) => {
          await tx.insert(developmentalProfiles).values({
            id: profileId,
            childId: id,
            recordedOn: input.recordedOn,
            entries,
            recordedBy: user.id,
            createdAt: now,
          });
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "create",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "profile-recorded",
            }),
          );
        },
        { behavior: "immediate" },
      );
      const { areas, markingScale } = protocol.plans;
      return c.json(
        {
          id: profileId,
          recordedOn: input.recordedOn,
          entries: entries.map((e) => ({
            ...e,
            area: areas.areas.find((a) => a.id === e.areaId)?.name ?? e.areaId,
            markName: markingScale.marks.find((m) => m.id === e.mark)?.name ?? e.mark,
          })),
          recordedBy: { id: user.id, name: user.name },
          createdAt: now,
        },
        201,
      );
    },
  );
