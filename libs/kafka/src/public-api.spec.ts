import { join } from 'node:path';

import ts from 'typescript';

const INDEX = join(__dirname, 'index.ts');
const TSCONFIG = join(__dirname, '../../../tsconfig.json');

/**
 * Every type an export of the package's index reaches (properties, call signatures, type arguments,
 * unions and base types, however deep), named by where it is declared when that is inside `kafkajs`.
 */
const kafkajsTypesReachable = (): string[] => {
  // The repository's own compiler options (paths to the workspaces' sources), rooted at the index alone.
  const config = ts.getParsedCommandLineOfConfigFile(
    TSCONFIG,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram([INDEX], config!.options);
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(INDEX);
  const moduleSymbol = index && checker.getSymbolAtLocation(index);
  if (!moduleSymbol) throw new Error(`${INDEX} did not compile into a module`);

  const found = new Set<string>();
  const seen = new Set<ts.Type>();
  const fromKafkajs = (symbol: ts.Symbol | undefined, via: string): void => {
    for (const declaration of symbol?.getDeclarations() ?? []) {
      if (/[\\/]node_modules[\\/]kafkajs[\\/]/.test(declaration.getSourceFile().fileName)) {
        found.add(`${via}: ${symbol!.getName()}`);
      }
    }
  };
  const declaredInLibrary = (type: ts.Type): boolean => {
    const declarations = (type.aliasSymbol ?? type.getSymbol())?.getDeclarations() ?? [];
    return (
      declarations.length > 0 &&
      declarations.every((declaration) => {
        const file = declaration.getSourceFile();
        return file.hasNoDefaultLib || /[\\/]node_modules[\\/]/.test(file.fileName);
      })
    );
  };
  const visit = (type: ts.Type, via: string): void => {
    if (seen.has(type)) return;
    seen.add(type);
    fromKafkajs(type.aliasSymbol, via);
    fromKafkajs(type.getSymbol(), via);
    for (const argument of type.aliasTypeArguments ?? []) visit(argument, via);
    if (type.isUnionOrIntersection()) for (const member of type.types) visit(member, via);
    if (type.flags & ts.TypeFlags.Object) {
      const object = type as ts.ObjectType;
      if (object.objectFlags & ts.ObjectFlags.Reference) {
        for (const argument of checker.getTypeArguments(object as ts.TypeReference)) visit(argument, via);
      }
      // A library's own types (Buffer, Promise, Map) lead nowhere new: only their arguments are ours.
      if (declaredInLibrary(type)) return;
      if (type.isClassOrInterface()) for (const base of checker.getBaseTypes(type)) visit(base, via);
      for (const property of checker.getPropertiesOfType(type)) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (declaration) visit(checker.getTypeOfSymbolAtLocation(property, declaration), via);
      }
      for (const kind of [ts.SignatureKind.Call, ts.SignatureKind.Construct]) {
        for (const signature of checker.getSignaturesOfType(type, kind)) {
          for (const parameter of signature.getParameters()) {
            const declaration = parameter.valueDeclaration ?? parameter.declarations?.[0];
            if (declaration) visit(checker.getTypeOfSymbolAtLocation(parameter, declaration), via);
          }
          visit(signature.getReturnType(), via);
        }
      }
      const numberIndex = type.getNumberIndexType();
      const stringIndex = type.getStringIndexType();
      if (numberIndex) visit(numberIndex, via);
      if (stringIndex) visit(stringIndex, via);
    }
  };

  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) continue;
    fromKafkajs(symbol, exported.getName());
    if (symbol.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      visit(checker.getDeclaredTypeOfSymbol(symbol), exported.getName());
    }
    if (symbol.flags & ts.SymbolFlags.Value) {
      visit(checker.getTypeOfSymbolAtLocation(symbol, declaration), exported.getName());
    }
  }
  return [...found].sort();
};

describe("@orderflow/kafka's public API", () => {
  it('reaches no KafkaJS type: a client swap stays inside libs/kafka', () => {
    expect(kafkajsTypesReachable()).toEqual([]);
  }, 60_000);
});
