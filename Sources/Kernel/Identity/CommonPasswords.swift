/// Passwords people choose most often, in English, German, Turkish, Russian, Ukrainian and
/// Arabic-speaking communities (from public breach statistics), lowercased. A password on
/// this list is refused whatever its length; the list is small on purpose: it stops the
/// first guesses of an attacker, the length rule and scrypt do the rest.
enum CommonPasswords {
    static let all: Set<String> = Set(list.split(whereSeparator: \.isWhitespace).map(String.init))

    private static let list = """
        123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball
        abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890
        michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan
        jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000
        charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle
        jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa
        ginger princess joshua cheese amanda summer love ashley 6969 nicole chelsea matthew access
        yankees 987654321 dallas austin thunder taylor matrix william corvette hello martin heather
        secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test bailey
        q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard samantha bigdog guitar
        jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan welcome
        falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles
        melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo
        bulldog qwer1234 compaq purple banana junior hannah 123654 porsche lakers iceman money cowboys
        987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha
        chester mother forever johnny edward 333333 oliver redsox player nikita knight fender barney
        midnight please brandy chicago slayer rangers charles angel flower rabbit wizard jasper enter
        rachel chris 7777 buddy qazwsxedc 1q2w3e4r5t 1q2w3e4r password1 password123 passw0rd p@ssw0rd
        p@ssword admin admin123 administrator root toor changeme letmein123 welcome1 welcome123
        qwerty123 qwertz qwertz123 qwertzuiop asdfghjkl asdfghjkl123 zxcvbnm123 1qaz2wsx3edc abcd1234
        abcdef abcdefg abcdefgh abcdefghij aa123456 a123456 a12345678 123456a 123abc iloveyou1
        iloveyou123 princess1 sunshine1 football1 monkey123 dragon123 superman123 batman123 trustno11
        letmein1 master123 shadow123 michael1 jessica1 ashley1 liverpool chelsea1 arsenal1 manchester
        barcelona realmadrid juventus bayern bayernmunchen borussia schalke04 werder hertha passwort
        passwort1 passwort123 kennwort kennwort1 hallo hallo123 hallo1234 hallohallo schatz schatz123
        schatzi sonne sonnenschein sonnenschein1 blume blumen engel engel123 liebe liebe123 ichliebedich
        geheim geheim123 geheim1234 fussball fussball1 fußball deutschland deutschland1 berlin berlin123
        hamburg muenchen münchen koeln köln frankfurt stuttgart dortmund mausi mausi123 hase hasi
        hasi123 baerchen bärchen schnuckel schnucki katze katze123 hund hund123 pferd pferde sommer
        sommer123 winter winter123 fruehling herbst dezember januar februar oktober november lieblings
        familie familie123 mama123 papa123 oma123 opa123 schalke bundesliga 1234abcd 12341234 11223344
        12344321 123456789a 1234567890a 0123456789 9876543210 1111111111 0000000000 aaaaaaaaaa
        qqqqqqqqqq 12qwaszx 1qazxsw2 zaq12wsx zaq1zaq1 xsw2zaq1 qwerasdf asdf1234 asdfasdf qweasd
        qweasdzxc qweqwe qwe123qwe 1q2w3e 1q2w3e4r5t6y 123qweasd 123qweasdzxc q1w2e3 q1w2e3r4t5y6
        trustme letmein! welcome! password! password1! password2 password12 password1234
        passwordpassword pass1234 pass123 pa55word 11qq22ww 123456789q 1234567q merhaba merhaba123 sifre
        sifre123 şifre parola parola123 galatasaray fenerbahce besiktas trabzonspor istanbul ankara
        askim askim123 seviyorum türkiye turkiye пароль пароль123 qwerty1 йцукен йцукенг любовь привет
        привет123 україна ukraina kyiv kiev moskva russia наташа 12345qwert salam salam123 allah
        allah123 muhammad bismillah tehran iran1234 habibi habibi123 kabul syria damascus kurdistan
        ilovegod jesus jesus123 christ blessed blessed1 godisgood lovely lovely123 flower123 butterfly
        butterfly1 angel123 baby123 babygirl babygirl1 sweety sweetheart starwars1 pokemon pokemon123
        minecraft fortnite roblox naruto onepiece spongebob batman1 superman1 spiderman spiderman1
        ironman google google123 facebook facebook1 instagram youtube microsoft windows apple123 iphone
        samsung1 nokia linux ubuntu teilhabe teilhabe123 teilhabe2024 demo1234 demodemo test1234 test123
        testtest testing123 guest guest123 user123 login login123 secret123 secure secure123 security
        default letmeinnow opensesame
        """
}
