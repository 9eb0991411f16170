//! Word lists for titles and names, and the tags of release names.

pub(super) const ADJECTIVES: &[&str] = &[
    "Silent", "Broken", "Hidden", "Last", "Lost", "Dark", "Golden", "Crimson", "Frozen", "Burning",
    "Endless", "Wild", "Lonely", "Secret", "Shattered", "Sacred", "Fallen", "Final", "Eternal", "Savage",
    "Quiet", "Restless", "Bitter", "Bright", "Cold", "Deep", "Distant", "Empty", "False", "Fierce",
    "First", "Forgotten", "Gentle", "Grand", "Hollow", "Iron", "Little", "Long", "Lucky", "Mad",
    "Midnight", "Perfect", "Pale", "Proud", "Rising", "Red", "Black", "White", "Blue", "Green",
    "Silver", "Scarlet", "Strange", "Sweet", "Twisted", "Velvet", "Wicked", "Young", "Old", "Ancient",
    "Electric", "Invisible", "Infinite", "Burnt", "Paper", "Glass", "Stone", "Steel", "Northern", "Southern",
    "Western", "Eastern", "Hard", "Soft", "Brave", "Dangerous", "Deadly", "Dirty", "Gilded", "Haunted",
    "Holy", "Human", "Dead", "Living", "Late", "Early", "Naked", "Open", "Private", "Public",
    "Royal", "Rogue", "Runaway", "Sleeping", "Stolen", "Sudden", "Summer", "Winter", "Autumn", "Spring",
    "Thin", "True", "Unknown", "Violent", "Wandering", "Weird", "Wooden", "Modern", "Total", "Happy",
    "Crazy", "Fast", "Lazy", "Blind", "Heavy", "Hungry", "Inner", "Outer", "Lethal", "Mortal",
    "Phantom", "Quantum", "Rebel", "Solar", "Lunar", "Atomic", "Magnetic", "Neon", "Cosmic", "Velvet",
];
pub(super) const NOUNS: &[&str] = &[
    "Harbor", "River", "Mountain", "Shadow", "Empire", "Kingdom", "Garden", "Machine", "Storm", "Ocean",
    "Island", "Forest", "Desert", "City", "Night", "Day", "Dream", "Heart", "Mind", "Soul",
    "Ghost", "Angel", "Devil", "King", "Queen", "Prince", "Princess", "Knight", "Soldier", "Hunter",
    "Stranger", "Witness", "Detective", "Doctor", "Teacher", "Thief", "Killer", "Lawyer", "Pilot", "Driver",
    "Sister", "Brother", "Mother", "Father", "Daughter", "Son", "Family", "Wedding", "Funeral", "Party",
    "Game", "War", "Peace", "Truth", "Lie", "Secret", "Promise", "Memory", "Mirror", "Window",
    "Door", "House", "Room", "Road", "Bridge", "Tower", "Castle", "Station", "Hotel", "Prison",
    "School", "Hospital", "Church", "Village", "Town", "Valley", "Lake", "Sea", "Sky", "Star",
    "Moon", "Sun", "Planet", "World", "Universe", "Fire", "Ice", "Water", "Wind", "Earth",
    "Blood", "Bone", "Gold", "Diamond", "Rose", "Lily", "Wolf", "Fox", "Bear", "Lion",
    "Tiger", "Eagle", "Raven", "Crow", "Dragon", "Snake", "Horse", "Dog", "Cat", "Bird",
    "Butterfly", "Spider", "Whale", "Shark", "Code", "Signal", "Protocol", "Project", "Mission", "Operation",
    "Agent", "Spy", "Legacy", "Legend", "Myth", "Story", "Tale", "Song", "Dance", "Symphony",
    "Silence", "Echo", "Thunder", "Lightning", "Rain", "Snow", "Horizon", "Frontier", "Border", "Line",
    "Circle", "Edge", "Point", "Trail", "Path", "Journey", "Voyage", "Escape", "Return", "Revenge",
    "Redemption", "Justice", "Honor", "Glory", "Fortune", "Chance", "Risk", "Deal", "Contract", "Heist",
    "Job", "Case", "File", "Letter", "Book", "Map", "Key", "Lock", "Clock", "Hour",
    "Season", "Year", "Century", "Age", "Generation", "Tribe", "Nation", "Republic", "Colony", "Union",
    "Order", "Society", "Club", "Gang", "Crew", "Squad", "Army", "Fleet", "Ship", "Train",
    "Plane", "Engine", "Wheel", "Bullet", "Gun", "Sword", "Blade", "Arrow", "Shield", "Crown",
    "Throne", "Ring", "Chain", "Cage", "Trap", "Maze", "Puzzle", "Riddle", "Question", "Answer",
    "Paradise", "Heaven", "Abyss", "Void", "Darkness", "Light", "Dawn", "Dusk", "Twilight", "Morning",
    "Evening", "Weekend", "Holiday", "Summit", "Canyon", "Harvest", "Orchard", "Lighthouse", "Carnival", "Circus",
    "Theater", "Gallery", "Museum", "Library", "Archive", "Vault", "Bunker", "Outpost", "Hive", "Nest",
    "Den", "Lair", "Sanctuary", "Refuge", "Shelter", "Asylum", "Compass", "Anchor", "Lantern", "Furnace",
];
pub(super) const GERUNDS: &[&str] = &[
    "Chasing", "Finding", "Losing", "Saving", "Killing", "Hunting", "Breaking", "Burning", "Running", "Falling",
    "Waiting", "Dancing", "Leaving", "Becoming", "Searching", "Catching", "Fighting", "Crossing", "Dreaming", "Remembering",
    "Forgetting", "Raising", "Driving", "Flying", "Sleeping", "Watching", "Keeping", "Stealing", "Loving", "Living",
    "Walking", "Beating", "Facing", "Escaping", "Meeting", "Knowing", "Following", "Hiding", "Building", "Mastering",
];
pub(super) const PLACES: &[&str] = &[
    "Paris", "London", "Berlin", "Tokyo", "Moscow", "Rome", "Madrid", "Vienna", "Prague", "Istanbul",
    "Cairo", "Havana", "Manhattan", "Brooklyn", "Chicago", "Boston", "Detroit", "Miami", "Texas", "Alaska",
    "Montana", "Nevada", "Dakota", "Memphis", "Atlanta", "Seattle", "Portland", "Phoenix", "Denver", "Dallas",
    "Houston", "Vegas", "Hollywood", "Malibu", "Sydney", "Melbourne", "Dublin", "Glasgow", "Oslo", "Stockholm",
    "Helsinki", "Lisbon", "Naples", "Venice", "Sicily", "Tuscany", "Bombay", "Delhi", "Shanghai", "Hong Kong",
    "Seoul", "Bangkok", "Saigon", "Kyoto", "Osaka", "Rio", "Buenos Aires", "Mexico", "Casablanca", "Marrakesh",
    "Siberia", "Yukon", "Sahara", "Amazon", "Atlantis", "Avalon", "Eden", "Babylon", "Troy", "Sparta", "Camelot",
];
pub(super) const FIRST_NAMES: &[&str] = &[
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles",
    "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew", "Joshua", "Kevin", "Brian",
    "George", "Edward", "Ryan", "Jacob", "Nicholas", "Eric", "Jonathan", "Justin", "Samuel", "Benjamin",
    "Frank", "Peter", "Henry", "Oliver", "Jack", "Harry", "Leo", "Max", "Lucas", "Hugo",
    "Felix", "Oscar", "Arthur", "Victor", "Ivan", "Dmitri", "Sergei", "Hans", "Klaus", "Pierre",
    "Jean", "Marco", "Luca", "Carlos", "Diego", "Pablo", "Kenji", "Hiro", "Mary", "Patricia",
    "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Lisa",
    "Emily", "Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia", "Charlotte", "Amelia", "Harper",
    "Evelyn", "Abigail", "Grace", "Chloe", "Lily", "Zoe", "Hannah", "Alice", "Clara", "Nora",
    "Rose", "Ruby", "Stella", "Violet", "Anna", "Maria", "Sofia", "Elena", "Natasha", "Ingrid",
    "Astrid", "Chiara", "Yuki", "Mei",
];
pub(super) const SURNAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis",
    "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams",
    "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
    "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson",
    "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson",
    "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster",
    "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Fisher", "Hayes", "Graham", "Wallace", "West",
    "Cole", "Hunt", "Stone", "Black", "Hawkins", "Reyes", "Moreau", "Dubois", "Rossi", "Bianchi",
    "Schmidt", "Weber", "Novak", "Kowalski", "Petrov", "Ivanov", "Nakamura", "Tanaka", "Sato", "Kim",
    "Park", "Chen", "Wang", "Larsen", "Lindqvist", "O'Brien", "McAllister", "D'Angelo",
];
pub(super) const INITIALS: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'W',
];
pub(super) const ROMAJI: &[&str] = &[
    "Kimi", "Boku", "Watashi", "Ore", "Sekai", "Yume", "Hoshi", "Sora", "Kaze", "Hana",
    "Tsuki", "Yoru", "Asa", "Koi", "Ai", "Kokoro", "Tenshi", "Akuma", "Maou", "Yuusha",
    "Kami", "Shoujo", "Shounen", "Sensei", "Gakuen", "Mahou", "Kishi", "Ken", "Tate", "Kage",
    "Hikari", "Yami", "Honoo", "Mizu", "Yuki", "Sakura", "Natsu", "Fuyu", "Haru", "Aki",
    "Kaijuu", "Ninja", "Samurai", "Oni", "Kitsune", "Neko", "Inu", "Ryuu", "Densetsu", "Monogatari",
    "Senki", "Kiroku", "Tensei", "Isekai", "Shoukan", "Majo", "Hime", "Oujo", "Kyoudai", "Tomodachi",
];
pub(super) const CYRILLIC: &[&str] = &[
    "Москва", "ночь", "зима", "война", "мир", "тайна", "дорога", "брат", "сестра", "дом",
    "город", "море", "солнце", "огонь", "тень", "звезда", "любовь", "жизнь", "история", "последний",
    "белый", "чёрный", "красный", "тихий", "старый", "новый", "большой", "дикий", "северный", "золотой",
    "Петербург", "Сибирь", "лес", "река", "сердце", "время", "путь", "небо", "ветер", "человек",
];
pub(super) const HANZI: &[&str] = &[
    "流", "浪", "地", "球", "天", "空", "海", "风", "雨", "夜", "星", "光", "龙", "虎", "山", "河",
    "城", "梦", "心", "爱", "花", "月", "雪", "火", "影", "剑", "侠", "战", "争", "家", "人", "生",
    "死", "春", "秋", "东", "西", "南", "北", "国",
];
pub(super) const JAPANESE: &[&str] = &[
    "東京", "物語", "夏", "さくら", "ひかり", "夢", "君の名", "千と千尋", "風", "星空",
    "少女", "青春", "海街", "約束", "忍者", "侍", "桜", "月夜", "花火", "旅",
];
pub(super) const HANGUL: &[&str] = &[
    "기생충", "사랑", "서울", "바다", "밤", "하늘", "비밀", "전쟁", "가족", "친구",
    "부산행", "올드보이", "괴물", "추격자", "신세계",
];
pub(super) const ARTICLES: &[&str] = &["Le", "La", "Les", "El", "Los", "Das", "Die", "Der", "O", "A", "Il"];
pub(super) const LINKS: &[&str] = &["de", "des", "del", "der", "und", "et", "y", "e", "di"];
pub(super) const ACCENTED: &[&str] = &[
    "Amélie", "Élan", "Misérables", "Café", "Crème", "Noël", "Été", "Forêt", "Château", "Rêve",
    "Coração", "Canção", "São", "Niño", "Mañana", "Corazón", "Señor", "Año", "Über", "Straße",
    "Mädchen", "Schön", "Größe", "Fräulein", "Smørrebrød", "Ångström", "Bärenstark", "Côte", "Pâtisserie", "Héroïne",
    "Tempête", "Misère", "Éclipse", "Révolution", "Fête", "Ça", "Lágrimas", "Canción", "Pequeño", "Jardín",
];
pub(super) const MOVIE_RESOLUTIONS: &[(u32, &str)] = &[(6, "480p"), (2, "576p"), (30, "720p"), (50, "1080p"), (12, "2160p")];
pub(super) const TV_RESOLUTIONS: &[(u32, &str)] = &[(10, "480p"), (35, "720p"), (48, "1080p"), (7, "2160p")];
pub(super) const MOVIE_SOURCES: &[(u32, &str)] = &[
    (30, "BluRay"), (25, "WEB-DL"), (18, "WEBRip"), (3, "HDTV"), (8, "BRRip"), (8, "BDRip"), (5, "DVDRip"), (3, "HDRip"),
];
pub(super) const TV_SOURCES: &[(u32, &str)] = &[
    (30, "WEB-DL"), (20, "WEBRip"), (15, "WEB"), (25, "HDTV"), (7, "BluRay"), (3, "DVDRip"),
];
pub(super) const HEVC_CODECS: &[&str] = &["x265", "H.265", "HEVC", "x265.10bit"];
pub(super) const WEB_CODECS: &[&str] = &["H.264", "H264", "h264", "x264", "H.265"];
pub(super) const ENCODE_CODECS: &[&str] = &["x264", "x264", "x265", "x265.10bit", "AVC"];
pub(super) const STREAMERS: &[&str] = &["AMZN", "NF", "DSNP", "HMAX", "ATVP", "HULU", "PCOK", "PMTP", "iT", "MA"];
pub(super) const AUDIO: &[&str] = &[
    "AAC", "AAC2.0", "AAC5.1", "DD5.1", "DDP5.1", "DDP5.1.Atmos", "DTS", "DTS-HD.MA.5.1", "TrueHD.7.1.Atmos",
    "AC3", "EAC3", "FLAC2.0", "Opus", "6CH",
];
pub(super) const HDR: &[&str] = &["HDR", "HDR10", "HDR10Plus", "DV", "DV.HDR", "HDR.DV", "DoVi"];
pub(super) const LANGUAGES: &[&str] = &[
    "MULTi", "FRENCH", "TRUEFRENCH", "VFF", "GERMAN", "iTA", "SPANiSH", "RUS", "KOREAN", "HINDI",
    "NORDiC", "POLISH", "DUTCH", "DUAL", "VOSTFR", "JAPANESE", "iTA-ENG", "PL", "SUBBED", "DUBBED",
];
pub(super) const EDITIONS: &[&str] = &[
    "PROPER", "REPACK", "EXTENDED", "UNRATED", "Directors.Cut", "REMASTERED", "IMAX", "THEATRICAL",
    "LIMITED", "INTERNAL", "CRITERION", "3D",
];
pub(super) const MOVIE_GROUPS: &[&str] = &[
    "SPARKS", "GECKOS", "AMIABLE", "DRONES", "FGT", "RARBG", "YIFY", "ETRG", "EVO", "CMRG",
    "NTb", "FLUX", "TEPES", "playWEB", "SiGMA", "BLOW", "ROVERS", "KiNGDOM", "ION10", "PSA",
    "MkvCage", "HDS", "CHD", "WiKi", "TOMMY", "KOGi", "PTer", "VXT", "LAMA", "NeoNoir",
];
pub(super) const TV_GROUPS: &[&str] = &[
    "KILLERS", "LOL", "DIMENSION", "FLEET", "AVS", "SVA", "TBS", "NTb", "MiNX", "ION10",
    "ELiTE", "GalaxyTV", "BAE", "CAKES", "SMURF", "GOSSIP", "FENiX", "EDITH", "NOGRP", "ASAP",
    "CRAVERS", "FoV", "RiVER", "Kitsune", "TEPES", "playWEB", "NTG", "GGEZ", "GGWP", "SYNCOPY",
];
pub(super) const DAILY_GROUPS: &[&str] = &["JEBAITED", "BAE", "KOGi", "SPAMnEGGS", "W4F", "TWERK", "EDITH"];
pub(super) const P2P_GROUPS: &[&str] = &[
    "Tigole", "QxR", "UTR", "HONE", "Silence", "afm72", "r00t", "Joy", "RZeroX", "ImE", "t3nzin", "Ghost", "Natty", "FreetheFish",
];
pub(super) const UHD_GROUPS: &[&str] = &["FLUX", "CMRG", "NTb", "TEPES", "SiC", "HHWEB", "MZABI", "BYNDR", "TOMMY", "EPSiLON", "SMURF", "TERMiNAL"];
pub(super) const REMUX_GROUPS: &[&str] = &["FraMeSToR", "EPSiLON", "KRaLiMaRKo", "BLURANiUM", "TRiToN", "PmP", "SiCFoI", "NCmt"];
pub(super) const ANIME_GROUPS: &[&str] = &["Judas", "EMBER", "ASW", "HorribleSubs", "Tsundere-Raws", "ToonsHub", "Yameii", "DKB", "SubsPlease"];
pub(super) const SUB_LANGUAGES: &[&str] = &[
    "English", "French", "Spanish", "German", "Italian", "Portuguese", "Dutch", "Polish", "Russian", "Arabic",
    "Chinese", "Japanese", "Korean", "Turkish", "Swedish", "Hebrew",
];
pub(super) const SCANNERS: &[&str] = &[
    "Zone-Empire", "Son of Ultron-Empire", "Glorith-Empire", "Minutemen-Thoth", "Oroboros-DCP",
    "GreenGiant-DCP", "Mephisto-Empire", "DR & Quinch-Empire", "Pirate-Empire", "Digital-Empire",
];
pub(super) const GAME_GROUPS: &[&str] = &[
    "CODEX", "SKIDROW", "PLAZA", "RELOADED", "FLT", "TENOKE", "RUNE", "EMPRESS", "DOGE", "RAZOR1911",
    "HOODLUM", "DARKSiDERS", "TiNYiSO", "PROPHET", "CPY", "HI2U",
];
pub(super) const PRODUCTS: &[&str] = &[
    "Adobe Photoshop", "Adobe Illustrator", "Adobe Premiere Pro", "Adobe After Effects", "Adobe Acrobat Pro DC",
    "Adobe Lightroom Classic", "Adobe InDesign", "Adobe Audition", "Autodesk AutoCAD", "Autodesk Maya",
    "Autodesk 3ds Max", "Autodesk Revit", "Microsoft Office Pro Plus", "Microsoft Visual Studio", "CorelDRAW Graphics Suite",
    "Ableton Live Suite", "FL Studio Producer Edition", "Native Instruments Komplete", "VMware Workstation Pro", "Nero Platinum",
    "WinRAR", "Internet Download Manager", "CCleaner Professional", "Wondershare Filmora", "DaVinci Resolve Studio",
    "Sony Vegas Pro", "SolidWorks", "MATLAB", "Camtasia Studio", "Avid Pro Tools",
];
pub(super) const SOFTWARE_TEAMS: &[&str] = &["TeamOS", "CORE", "XFORCE", "TNT", "FTUApps", "Portable", "KpoJIuK", "RePack"];
pub(super) const SITE_PREFIXES: &[&str] = &[
    "Velvet", "Scarlet", "Midnight", "Wicked", "Naughty", "Sinful", "Private", "Bare", "Sultry", "Tempting", "Steamy", "Forbidden",
];
pub(super) const SITE_SUFFIXES: &[&str] = &["Studio", "Lens", "Films", "Angels", "Dreams", "Tapes", "Vault", "Room", "Pass", "Life", "X"];
