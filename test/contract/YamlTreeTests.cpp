// The contract's YAML reader (libyaml into a small tree): what the manifest and
// the calibration files need, and clear errors for what is not YAML.
#include <doctest/doctest.h>

#include "runmat/contract/YamlTree.h"

using namespace runmat;

TEST_CASE("maps, sequences and scalars, block and flow") {
  const YamlNode doc = loadYaml("version: 2\nname: \"a b\"\nrates:\n  x: 1.5e3\n  on: true\nlist: [1, -2, 3]\n"
                                "items:\n  - {id: 0, tag: k0}\n  - {id: 1}\nnothing: ~\n");
  CHECK(doc.IsMap());
  CHECK(doc["version"].as<int>() == 2);
  CHECK(doc["name"].as<std::string>() == "a b");
  CHECK(doc["rates"]["x"].as<double>() == 1500.0);
  CHECK(doc["rates"]["on"].as<bool>());
  REQUIRE(doc["list"].IsSequence());
  CHECK(doc["list"].size() == 3);
  CHECK(doc["list"][1].as<int64_t>() == -2);
  int ids = 0;
  for (const YamlNode &item : doc["items"]) ids += item["id"].as<int>();
  CHECK(ids == 1);
  CHECK(doc["nothing"].IsDefined());
  CHECK(doc["nothing"].IsNull());
}

TEST_CASE("absent keys and elements are undefined, and iterate as nothing") {
  const YamlNode doc = loadYaml("a: 1\n");
  CHECK_FALSE(doc["b"].IsDefined());
  CHECK_FALSE(doc["b"]["c"].IsDefined());
  CHECK_FALSE(doc["a"][0].IsDefined());
  int n = 0;
  for (const YamlNode &x : doc["b"]) n += x.IsDefined();
  CHECK(n == 0);
  CHECK_FALSE(loadYaml("").IsDefined());
}

TEST_CASE("a scalar of the wrong kind says which line") {
  const YamlNode doc = loadYaml("a: 1\nb: text\nc: [1]\n");
  CHECK_THROWS_WITH_AS(doc["b"].as<double>(), doctest::Contains("line 2"), YamlError);
  CHECK_THROWS_AS(doc["b"].as<bool>(), YamlError);
  CHECK_THROWS_AS(doc["c"].as<std::string>(), YamlError);
  CHECK_THROWS_AS(doc["a"].as<bool>(), YamlError);
  CHECK_THROWS_AS(loadYaml("x: 99999999999\n")["x"].as<int>(), YamlError);
}

TEST_CASE("text that is not YAML fails with its line and column") {
  CHECK_THROWS_WITH_AS(loadYaml("rates: [\n"), doctest::Contains("line"), YamlError);
  CHECK_THROWS_AS(loadYaml("a: 1\n b: 2\n  - c\n"), YamlError);
  CHECK_THROWS_AS(loadYaml("a: &x 1\nb: *x\n"), YamlError); // aliases are refused, not followed
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "[";
  CHECK_THROWS_AS(loadYaml(deep), YamlError);
}
