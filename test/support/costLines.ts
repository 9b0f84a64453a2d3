// The cost lines the classification tests read from a "Costs" sheet: a header and two lines every
// test starts from (customer-facing inference and training), for the wizard's hook, view and browser
// tests alike. Each test adds the lines its case needs after row 3.
export const COST_LINES_HEADER_AND_TWO = {
  A1: "Workload",
  B1: "Monthly $",
  C1: "Vendor",
  D1: "Bucket",
  A2: "Support chat (prod)",
  B2: 12000,
  C2: "OpenAI",
  D2: "Customer-facing inference",
  A3: "Base model training",
  B3: 3000,
  C3: "GPU cloud",
  D3: "Training",
} as const;
