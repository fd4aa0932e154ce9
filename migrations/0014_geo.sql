-- Spatial base registry (空间地理基础库): the standard address base (标准地址库) of the city, district → town (街道/乡镇)
-- → village or community (村/社区) → road (道路/街巷) → doorplate (门牌号) → building (楼栋); units (单元) and rooms
-- (户室) are derived from each building's layout. Coordinates are WGS84 longitude/latitude (OGC CRS84). Codes
-- extend the GB/T 2260 / GB/T 10114 region codes: village (12) + road (2) → 14, + doorplate number (4) → 18,
-- + building (2) → 20; a unit adds 2 digits, a room 4 (floor 2 + number 2). So every code starts with the codes of
-- everything above it, and "the addresses of this town" is a range of the primary key: codes are compared bytewise
-- (COLLATE "C"), which is also what keeps loading tens of thousands of rows cheap. Public geographic information:
-- no column here describes a person.

-- Districts, towns and villages as the address base knows them: the org module's regions with an extent (a box)
-- and a label point. A copy, not a reference: the org module's tables are its own.
CREATE TABLE geo_area (
  code          text COLLATE "C" PRIMARY KEY,
  level         text NOT NULL CHECK (level IN ('district', 'town', 'village')),
  name          text NOT NULL,
  parent_code   text,
  district_code text NOT NULL,
  town_code     text,
  min_lon       double precision NOT NULL,
  min_lat       double precision NOT NULL,
  max_lon       double precision NOT NULL,
  max_lat       double precision NOT NULL,
  lon           double precision NOT NULL,
  lat           double precision NOT NULL,
  CHECK (min_lon <= max_lon AND min_lat <= max_lat)
);
CREATE INDEX geo_area_level_idx ON geo_area (level, code);

-- 道路/街巷: a straight segment inside its village; its doorplates are numbered 1 … doorplates along it.
CREATE TABLE geo_road (
  code          text COLLATE "C" PRIMARY KEY,
  name          text NOT NULL,
  lon1          double precision NOT NULL,
  lat1          double precision NOT NULL,
  lon2          double precision NOT NULL,
  lat2          double precision NOT NULL,
  doorplates    integer NOT NULL CHECK (doorplates > 0)
);
CREATE INDEX geo_road_name_idx ON geo_road (name);

-- 门牌: one address point per doorplate. buildings = 0 is a house with no 楼栋 (most of a 村).
CREATE TABLE geo_address (
  code      text COLLATE "C" PRIMARY KEY,
  number    integer NOT NULL,
  lon       double precision NOT NULL,
  lat       double precision NOT NULL,
  buildings integer NOT NULL
);
-- bbox filters of the OGC items endpoint: a range on longitude, latitude checked on the index entries.
CREATE INDEX geo_address_lon_idx ON geo_address (lon, lat);

-- 楼栋 at a doorplate, with the layout its units and rooms are validated against.
CREATE TABLE geo_building (
  code            text COLLATE "C" PRIMARY KEY,
  number          integer NOT NULL,
  units           integer NOT NULL CHECK (units > 0),
  floors          integer NOT NULL CHECK (floors > 0),
  rooms_per_floor integer NOT NULL CHECK (rooms_per_floor > 0),
  lon             double precision NOT NULL,
  lat             double precision NOT NULL
);

-- Anonymous reads of the OGC API are counted, not logged one by one: each process adds its counts here every
-- minute (and writes one geo.read audit entry per flush), so reading the public address base costs no write.
CREATE TABLE geo_usage (
  day        date NOT NULL,
  collection text NOT NULL,
  requests   bigint NOT NULL DEFAULT 0,
  features   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, collection)
);
