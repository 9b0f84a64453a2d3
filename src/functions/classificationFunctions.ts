// AIECON.CLASSIFY: the COGS/OpEx functional test of domain.md §6 as a worksheet function.
// Coercion only; the rules live in src/calc/classification.ts.
import { classify, parseBucket, toAnswer } from "../calc/classification";
import { optionalNonZero, toNumber, toText } from "../calc/values";
import { excel } from "./excelErrors";

/**
 * COGS or OpEx by what the workload is for: "COGS", "OpEx" or "Mixed" (give cogs_share for a mixed workload).
 * @customfunction CLASSIFY
 * @remarks A cost is COGS when the workload exists to deliver the product to customers; otherwise it is operating expense (R&D). The test follows the function of the workload, not the resource type.
 *
 * - Answers are TRUE/FALSE (or "yes"/"no"); "partly" marks a mixed workload, which then needs cogs_share, the COGS fraction by a documented driver, strictly between 0 and 1.
 * - Contradictions give #VALUE! with the reason: internal inference that is customer-facing, training that is production (that is post-deployment fine-tuning), a cogs_share for a workload the answers make wholly COGS or OpEx.
 * @param bucket Cost bucket: "Training", "Customer-facing inference", "Internal inference", "Post-deployment fine-tuning", "Monitoring and evaluation" or "Infrastructure" (case-insensitive; "inference" alone uses customer_facing).
 * @param customer_facing TRUE (or "yes") if the workload serves customers, FALSE (or "no") if internal. Decides plain "inference"; checked against the inference buckets.
 * @param production TRUE for production work (fine-tuning: improves the live production model), FALSE for staging, dev, QA or exploratory runs, "partly" for a shared workload (then give cogs_share).
 * @param [contractually_required] Monitoring and evaluation only: TRUE if contractually required for delivery to customers, FALSE for internal QA, "partly" if shared.
 * @param [cogs_share] Mixed workloads only: the fraction that is COGS by a documented driver (0.6 = 60% of requests), strictly between 0 and 1.
 * @returns "COGS", "OpEx" or "Mixed".
 */
export function classifyFn(bucket: any, customer_facing: any, production: any, contractually_required?: any, cogs_share?: any): string {
  return excel(() => {
    const customerFacing = toAnswer(customer_facing, "customer_facing");
    const id = parseBucket(toText(bucket, "bucket"), customerFacing);
    return classify({
      bucket: id,
      answers: {
        customerFacing,
        production: toAnswer(production, "production"),
        contractuallyRequired: toAnswer(contractually_required, "contractually_required"),
      },
      // 0 is no COGS share of a mixed workload: 0 (an empty cell in Excel desktop) is omitted.
      cogsShare: optionalNonZero(cogs_share, toNumber, "cogs_share"),
    }).classification;
  });
}
