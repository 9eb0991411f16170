//! Video release attributes, with bitmagnet's canonical names so that its exports load.
//!
//! Every enum parses its canonical name ignoring ASCII case and the separators `-`, `_`,
//! `.` and space ("WEB-DL" is `WEBDL`, "h.264" is `H264`), plus the aliases listed on it.

use crate::string_enum::string_enum;

string_enum! {
    /// Vertical resolution. Canonical names carry bitmagnet's `V` prefix ("V1080p").
    ///
    /// Aliases: the names without `V` ("1080p"), "1080i", "1920x1080", "3840x2160",
    /// "2k", "4k", "8k", "sd", "hd", "fhd" and "uhd", as bitmagnet reads them.
    pub enum VideoResolution as "video resolution" {
        V360p = "V360p",
        V480p = "V480p",
        V540p = "V540p",
        V576p = "V576p",
        V720p = "V720p",
        V1080p = "V1080p",
        V1440p = "V1440p",
        V2160p = "V2160p",
        V4320p = "V4320p",
    }
    aliases {
        "360p" => V360p,
        "480p" => V480p,
        "540p" => V540p,
        "576p" => V576p,
        "720p" => V720p,
        "1080p" => V1080p,
        "1440p" => V1440p,
        "2160p" => V2160p,
        "4320p" => V4320p,
        "1080i" => V1080p,
        "1920x1080" => V1080p,
        "3840x2160" => V2160p,
        "2k" => V1440p,
        "4k" => V2160p,
        "8k" => V4320p,
        "sd" => V480p,
        "hd" => V720p,
        "fhd" => V1080p,
        "uhd" => V2160p,
    }
}

string_enum! {
    /// Where a video was captured or ripped from.
    ///
    /// Aliases: "Blu-Ray" and "WEB-Rip" come free with separator folding; "HDTV" is `TV`.
    pub enum VideoSource as "video source" {
        Cam = "CAM",
        Telesync = "TELESYNC",
        Telecine = "TELECINE",
        Workprint = "WORKPRINT",
        Dvd = "DVD",
        Tv = "TV",
        WebDl = "WEBDL",
        WebRip = "WEBRip",
        BluRay = "BluRay",
    }
    aliases {
        "HDTV" => Tv,
    }
}

string_enum! {
    /// Video codec. bitmagnet knows the first seven; `H265` and `AV1` are Lodestone's own
    /// and never appear in bitmagnet exports.
    ///
    /// Aliases: "AVC" is `H264` (as in bitmagnet), "HEVC" is `H265`.
    pub enum VideoCodec as "video codec" {
        H264 = "H264",
        X264 = "x264",
        X265 = "x265",
        Xvid = "XviD",
        Divx = "DivX",
        Mpeg2 = "MPEG2",
        Mpeg4 = "MPEG4",
        H265 = "H265",
        Av1 = "AV1",
    }
    aliases {
        "AVC" => H264,
        "HEVC" => H265,
    }
}

string_enum! {
    /// Stereoscopic layout. Canonical names carry bitmagnet's `V` prefix ("V3DSBS").
    ///
    /// Aliases: the names without `V` ("3D", "3D-SBS", "3D OU").
    pub enum Video3d as "video 3d" {
        V3d = "V3D",
        V3dSbs = "V3DSBS",
        V3dOu = "V3DOU",
    }
    aliases {
        "3D" => V3d,
        "3DSBS" => V3dSbs,
        "3DOU" => V3dOu,
    }
}

string_enum! {
    /// A qualifier of the release ("REMUX", "RAW-HD", "BR-DISK").
    pub enum VideoModifier as "video modifier" {
        Regional = "REGIONAL",
        Screener = "SCREENER",
        RawHd = "RAWHD",
        BrDisk = "BRDISK",
        Remux = "REMUX",
    }
    aliases {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProtoError;
    use std::fmt::Debug;
    use std::str::FromStr;

    fn check_round_trips<T>(all: &[T])
    where
        T: Copy + Debug + PartialEq + FromStr<Err = ProtoError> + ToString,
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        for &v in all {
            let name = v.to_string();
            assert_eq!(name.parse::<T>(), Ok(v), "{name}");
            assert_eq!(name.to_lowercase().parse::<T>(), Ok(v), "{name}");
            assert_eq!(name.to_uppercase().parse::<T>(), Ok(v), "{name}");
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
        }
    }

    #[test]
    fn canonical_names_round_trip() {
        check_round_trips(VideoResolution::ALL);
        check_round_trips(VideoSource::ALL);
        check_round_trips(VideoCodec::ALL);
        check_round_trips(Video3d::ALL);
        check_round_trips(VideoModifier::ALL);
    }

    #[test]
    fn canonical_names_are_bitmagnets() {
        let names = |all: &[&str]| all.join(" ");
        let res: Vec<_> = VideoResolution::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(
            names(&res),
            "V360p V480p V540p V576p V720p V1080p V1440p V2160p V4320p"
        );
        let src: Vec<_> = VideoSource::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(
            names(&src),
            "CAM TELESYNC TELECINE WORKPRINT DVD TV WEBDL WEBRip BluRay"
        );
        let codec: Vec<_> = VideoCodec::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(
            names(&codec),
            "H264 x264 x265 XviD DivX MPEG2 MPEG4 H265 AV1"
        );
        let d3: Vec<_> = Video3d::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(names(&d3), "V3D V3DSBS V3DOU");
        let modifier: Vec<_> = VideoModifier::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(names(&modifier), "REGIONAL SCREENER RAWHD BRDISK REMUX");
    }

    #[test]
    fn resolution_accepts_bare_numbers_and_aliases() {
        assert_eq!("1080p".parse(), Ok(VideoResolution::V1080p));
        assert_eq!("v1080P".parse(), Ok(VideoResolution::V1080p));
        assert_eq!("720P".parse(), Ok(VideoResolution::V720p));
        assert_eq!("4K".parse(), Ok(VideoResolution::V2160p));
        assert_eq!("uhd".parse(), Ok(VideoResolution::V2160p));
        assert_eq!("8k".parse(), Ok(VideoResolution::V4320p));
        assert_eq!("1080i".parse(), Ok(VideoResolution::V1080p));
        assert!("1080".parse::<VideoResolution>().is_err());
        assert!("V1081p".parse::<VideoResolution>().is_err());
    }

    #[test]
    fn source_codec_3d_and_modifier_accept_common_spellings() {
        assert_eq!("WEB-DL".parse(), Ok(VideoSource::WebDl));
        assert_eq!("web-dl".parse(), Ok(VideoSource::WebDl));
        assert_eq!("WEB-Rip".parse(), Ok(VideoSource::WebRip));
        assert_eq!("Blu-Ray".parse(), Ok(VideoSource::BluRay));
        assert_eq!("hdtv".parse(), Ok(VideoSource::Tv));
        assert!("BDRip".parse::<VideoSource>().is_err());
        assert_eq!("h.264".parse(), Ok(VideoCodec::H264));
        assert_eq!("AVC".parse(), Ok(VideoCodec::H264));
        assert_eq!("HEVC".parse(), Ok(VideoCodec::H265));
        assert_eq!("MPEG-2".parse(), Ok(VideoCodec::Mpeg2));
        assert_eq!("xvid".parse(), Ok(VideoCodec::Xvid));
        assert_eq!("3D".parse(), Ok(Video3d::V3d));
        assert_eq!("3d-sbs".parse(), Ok(Video3d::V3dSbs));
        assert_eq!("3D OU".parse(), Ok(Video3d::V3dOu));
        assert_eq!("remux".parse(), Ok(VideoModifier::Remux));
        assert_eq!("BR-DISK".parse(), Ok(VideoModifier::BrDisk));
    }

    #[test]
    fn errors_list_accepted_values() {
        let err = "x266".parse::<VideoCodec>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown video codec \"x266\", expected one of: H264, x264, x265, XviD, DivX, MPEG2, MPEG4, H265, AV1"
        );
        let err = serde_json::from_str::<Video3d>("\"4D\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected one of: V3D, V3DSBS, V3DOU"),
            "{err}"
        );
    }
}
