/// The committed `openapi.yaml` is what the code generates; `make openapi` rewrites it.
#[test]
fn openapi_yaml_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
    let generated = tandem::api::openapi_yaml();
    if std::env::var("UPDATE_OPENAPI").as_deref() == Ok("1") {
        std::fs::write(path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(committed == generated, "openapi.yaml is out of date: run `make openapi` and commit the result");
}

/// Every error code the server can send is in the document, so clients can translate them all.
#[test]
fn every_error_code_is_documented() {
    use strum::IntoEnumIterator;
    let yaml = tandem::api::openapi_yaml();
    for code in tandem::error::ErrorCode::iter() {
        let name = serde_json::to_value(code).unwrap();
        assert!(yaml.contains(&format!("- {}", name.as_str().unwrap())), "{code:?} missing");
    }
}

/// Every `$ref` points at a schema the document defines (generators refuse dangling ones).
#[test]
fn every_schema_reference_resolves() {
    fn walk(v: &serde_json::Value, refs: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    refs.push(r.clone());
                }
                map.values().for_each(|x| walk(x, refs));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| walk(x, refs)),
            _ => {}
        }
    }
    let doc = serde_json::to_value(tandem::api::openapi()).unwrap();
    let mut refs = Vec::new();
    walk(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected $ref {r}"));
        assert!(doc["components"]["schemas"][name].is_object(), "dangling $ref {r}");
    }
}
