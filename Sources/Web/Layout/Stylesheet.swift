/// The one stylesheet of every page: mobile first, readable at 360 px, logical properties so
/// that right-to-left pages mirror, system fonts only (with Arabic-script coverage), a
/// focus ring that shows on light and dark backgrounds, 44 px touch targets.
public enum Stylesheet {
    /// The URL it is served at; the fingerprint changes with the content, so browsers may
    /// cache it for a year.
    public static let url = "/static/teilhabe-\(fingerprint).css"
    public static let fileName = "teilhabe-\(fingerprint).css"
    public static let bytes = Array(css.utf8)
    /// FNV-1a (64 bit) of the content in hex: a cache key, not a security measure.
    public static let fingerprint: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in css.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }()

    static let css = """
        *,*::before,*::after{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",Tahoma,Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#1b1b1b;background:#fff;overflow-wrap:break-word}
        :lang(ar),:lang(fa){font-family:"Noto Sans Arabic","Noto Naskh Arabic","Segoe UI",Tahoma,"Geeza Pro",system-ui,sans-serif;line-height:1.7}
        a{color:#0b4f9c;text-underline-offset:.15em}
        a:hover{color:#063163;text-decoration-thickness:.15em}
        :focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #1b1b1b}
        main:focus{outline:none}
        .wrap{max-width:48rem;margin-inline:auto;padding-inline:1rem}
        .visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
        .skip{position:absolute;inset-inline-start:.5rem;top:-20rem;z-index:10;padding:.75rem 1rem;background:#ffbf47;color:#1b1b1b;font-weight:700}
        .skip:focus{top:.5rem}
        .site-header{background:#12324f;color:#fff;padding-block:.5rem 0}
        .site-header a{color:#fff}
        .bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1rem}
        .site-name{display:inline-block;padding-block:.5rem;font-size:1.3rem;font-weight:700;text-decoration:none}
        .account{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}
        .account a,.link-button{display:inline-block;padding-block:.6rem}
        .link-button{border:0;background:none;color:inherit;font:inherit;text-decoration:underline;cursor:pointer;padding-inline:0}
        nav ul,.cards{list-style:none;margin:0;padding:0}
        .languages ul{display:flex;flex-wrap:wrap;gap:0 .9rem;font-size:.95rem}
        .languages a{display:inline-block;padding-block:.55rem}
        .languages a[aria-current]{font-weight:700;text-decoration:none}
        .search{display:flex;gap:.5rem;padding-block:.5rem .75rem}
        .search input{flex:1;min-width:0;border-color:#fff}
        .search .button{background:#ffbf47;color:#1b1b1b;box-shadow:none}
        .primary{background:#0d2740}
        .primary ul{display:flex;flex-wrap:wrap;gap:0 .25rem}
        .primary a{display:block;padding:.7rem .5rem;font-weight:600;text-decoration:none}
        .primary a:hover,.primary a[aria-current]{text-decoration:underline;text-decoration-thickness:.2em;text-underline-offset:.35em}
        main{display:block;padding-block:1rem 2.5rem}
        h1{font-size:1.75rem;line-height:1.25;margin-block:.75rem 1rem}
        h2{font-size:1.35rem;line-height:1.3;margin-block:2rem .75rem}
        h3{font-size:1.15rem;margin-block:1.25rem .5rem}
        p,ul,ol,dl,table{margin-block:0 1rem}
        .notice{padding:.75rem 1rem;margin-block:0 1rem;border-inline-start:6px solid;background:#e8f1f8;border-color:#1d70b8}
        .notice-success{background:#e6f3ec;border-color:#00703c}
        .notice-error{background:#fbeaea;border-color:#c0281b}
        .field{margin-block:0 1.5rem}
        fieldset.field{border:0;padding:0;min-width:0}
        label,legend{display:block;font-weight:700;margin-block-end:.3rem;padding:0}
        .required{font-weight:400;color:#505a5f}
        .hint{color:#505a5f;margin-block:0 .4rem}
        .field-error{border-inline-start:5px solid #c0281b;padding-inline-start:.8rem}
        .error-message{color:#c0281b;font-weight:700;margin-block:0 .4rem}
        input,select,textarea,button{font:inherit;color:inherit}
        .input,select,textarea,.search input{display:block;width:100%;min-height:2.75rem;padding:.5rem .65rem;border:2px solid #1b1b1b;border-radius:0;background:#fff;color:#1b1b1b}
        textarea{min-height:7rem;resize:vertical}
        [aria-invalid=true]{border-color:#c0281b;border-width:3px}
        .choice{display:flex;align-items:flex-start;gap:.6rem;margin-block:.35rem}
        .choice input{flex:none;width:1.6rem;height:1.6rem;margin:.1rem 0 0;accent-color:#12324f}
        .choice label{font-weight:400;margin:0;padding-block:.15rem}
        .error-summary{border:4px solid #c0281b;padding:1rem;margin-block:0 1.5rem}
        .error-summary h2{margin-block:0 .75rem;font-size:1.2rem}
        .error-summary ul{margin:0;padding-inline-start:1.25rem}
        .error-summary a{color:#c0281b;font-weight:700}
        .button{display:inline-block;min-height:2.75rem;padding:.55rem 1.1rem;border:0;border-radius:.2rem;background:#00703c;color:#fff;font-weight:700;line-height:1.5;text-align:center;text-decoration:none;cursor:pointer;box-shadow:0 2px 0 #002d18}
        .button:hover{background:#005a30;color:#fff}
        form .button{margin-block:.25rem 1.5rem;margin-inline-end:.75rem}
        .search .button{margin:0}
        ul.buttons{list-style:none;margin:0 0 1rem;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
        ul.buttons .button{margin:0}
        .button-secondary{background:#e6e8ea;color:#1b1b1b;box-shadow:0 2px 0 #858686}
        .button-secondary:hover{background:#d2d4d6;color:#1b1b1b}
        .pagination{display:flex;flex-wrap:wrap;gap:1rem;margin-block:1.5rem}
        .pagination a{display:inline-block;padding-block:.6rem;font-weight:700}
        .pagination [rel=next]{margin-inline-start:auto}
        .table-wrap{overflow-x:auto;margin-block:0 1.5rem}
        table{border-collapse:collapse;width:100%}
        caption{text-align:start;font-weight:700;font-size:1.1rem;padding-block-end:.5rem}
        th,td{text-align:start;vertical-align:top;padding-block:.5rem;padding-inline:0 1rem;border-block-end:1px solid #b1b4b6}
        dt{font-weight:700}
        dd{margin-inline-start:0;margin-block:0 .75rem}
        .cards{display:grid;gap:1rem;margin-block:0 1.5rem}
        .card{border:1px solid #b1b4b6;border-block-start:4px solid #12324f;padding:.9rem 1rem}
        .card h2,.card h3,.card h4{margin-block:0 .35rem;font-size:1.15rem}
        .card>:last-child{margin-block-end:0}
        .meta{color:#505a5f;font-size:.95rem;margin-block:0 .35rem}
        .site-footer{border-block-start:1px solid #b1b4b6;color:#505a5f;padding-block:1.25rem;font-size:.95rem}
        .site-footer a{color:inherit}
        @media (min-width:40rem){h1{font-size:2.2rem}.cards{grid-template-columns:repeat(2,minmax(0,1fr))}}
        @media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important}}
        @media print{.site-header,.site-footer,.skip,.pagination{display:none}}

        """
}
