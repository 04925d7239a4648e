// `npm run codegen` writes src/generated/ from the repository's schema.graphql and the operation
// documents in src/operations/*.graphql; `npm run codegen:check` fails when they drifted apart.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../../../schema.graphql",
  documents: ["src/operations/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: {
          DateTime: "string",
          JSONString: "string",
          // event properties: a JSON object, or the same object as JSON text (docs/api.md)
          JSONInput: "string | Record<string, unknown>",
          Date: "string",
          Decimal: "string",
          UUID: "string",
          GenericScalar: "unknown",
          PositiveInt: "number",
        },
      },
    },
  },
};

export default config;
